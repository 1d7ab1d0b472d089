"""`policy diff` output: a `PolicyDiff` (and its `Impact`, witnesses) as text, markdown or JSON.

Input: the diff, optionally the impact and witnesses, and a language for labels
and words. Output: strings. Invariants: the same input gives byte-identical
output; every change names its place as `file:line` on both sides and, once per
entry, the article it cites (`cli.diff_citations`), as does every cause; a changed
rule shows old and new canonical text with the differing sub-expressions marked
(«…» in text, ~~old~~ / **new** in markdown, both texts in JSON); money shows two
decimals and its unit, rates per year.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from cli.diff_citations import Citations, joined
from engine.diagnostics import Span, finding_line, rule_failure
from engine.diff.changes import Detail, ItemChange, Mark, PolicyDiff, relative_change
from engine.diff.hybrid import Component
from engine.diff.impact import NONE, HouseholdChange, Impact, MeasureTotal, Outcome, combined
from engine.diff.witness import Witness, jsonable, to_json
from engine.model import Abolished, Category, Policy
from engine.setting_words import department_name, setting_words
from engine.values import UNIT_WORDS, grouped, machine, minus_sign, plain_number

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政策差异", "same": "两个版本含义相同：没有差异", "changes": "{n} 处变化（其中 {w} 处仅为措辞）",
        "policy": "元数据", "parameters": "参数", "inputs": "输入字段", "income": "收入类型", "expenses": "支出类型",
        "definitions": "定义", "indicators": "指标", "categories": "类别", "abolished": "撤销的类别",
        "departments": "部门", "assistance": "帮扶措施", "process": "流程",
        "added": "新增", "removed": "删除", "changed": "修改", "wording": "措辞", "absorbed": "撤销 → 并入 {to}",
        "derived": "由变化的参数计算而来，其规则未变", "none": "无", "old": "旧", "new": "新",
        "none_legend": "无（户级矩阵中：没有户级类别，成员仍可能是特困人员；成员级矩阵中：没有成员级类别）",
        "counted": "计入收入", "exempt": "不计入收入", "rigid": "刚性支出", "not_rigid": "非刚性支出",
        "impact": "对 {n} 户的影响（评估日期 {date}）", "impact_own": "对 {n} 户的影响（各户按自带日期评估：{dates}）",
        "own_one": "全部 {n} 户为 {day}", "own_some": "{n} 户为 {day}", "own_range": "{first} 至 {last}",
        "own_range_some": "{n} 户在 {first} 至 {last} 之间", "undated": "无日期的 {n} 户按今天 {today}",
        "counts": "已评估 {evaluated} 户，类别变化 {changed} 户，无法评估的记录 {bad} 条",
        "matrix_households": "户级类别：旧（行）→ 新（列）", "matrix_members": "成员级类别：旧（行）→ 新（列）",
        "total": "合计", "causes": "变化原因", "transition": "变化", "count": "户数", "cause": "原因",
        "cause_of": "原因（其中 {n} 户）", "of_them": "其中 {n} 户：{causes}",
        "absorbed_where": "“{label}”撤销，并入 {to}：这是政策规定该类别对象的去向；各户实际落入哪个类别见上表，"
                          "每户按新版本的规则认定{landed}。",
        "absorbed_none": "——原属该类别的 {held} 户中，{none} 户不符合任何户级类别的条件，计入 none",
        "absorbed_where_members": "“{label}”撤销，并入 {to}：这是政策规定该类别对象的去向；各成员实际落入哪个类别见"
                                  "成员级矩阵，每人按新版本的规则认定{landed}。",
        "absorbed_none_members": "——原属该类别的 {held} 名成员中，{none} 名不符合任何成员级类别的条件，计入 none",
        "households": "类别变化的家庭（前 {shown} 户，共 {n} 户）", "all_households": "类别变化的家庭（共 {n} 户）",
        "alone": "单独即得新结果", "partly": "单独改变结果，得 {result}", "together": "需组合：{keys}",
        "no_cause": "任何单项变化单独都不改变结果", "with": "须连同 {keys} 一起应用",
        "assistance_totals": "帮扶金额（按年计，按月发放的×12）", "by_department": "按部门",
        "measure": "措施", "department": "部门", "recipients": "人次/户次（有金额或服务）", "amount": "金额",
        "pair_notes": "关于这两个文件", "bad": "无法评估的记录（{n} 条）", "stray": "不属于任何一户的行（{n} 行）",
        "stray_count": "，另有 {n} 行不属于任何一户", "notes": "关于输入（报告中的数字以此为前提）",
        "unusable": "无法单独应用的变化",
        "witnesses": "示例家庭（边界值搜索，已在两个版本下复核）", "level_household": "户级", "level_member": "成员级",
        "changes_applied": "逐项应用的变化", "member": "成员", "legend": "类别名称", "join": "；",
        "zero": "金额为 0 的人次",
        "heat_legend": "绿色：类别未变 · 红色：类别变化 · 颜色越深，户数越多",
        "bars_legend": "灰色：旧 · 蓝色：新（{unit}）", "record": "记录", "side": "版本", "code": "代码",
        "message": "说明", "colon": "：",
    },
    "en": {
        "title": "Policy diff", "same": "the two versions mean the same: no differences",
        "changes": "changes: {n} ({w} in wording only)",
        "policy": "Metadata", "parameters": "Parameters", "inputs": "Inputs", "income": "Income types",
        "expenses": "Expense types", "definitions": "Definitions", "indicators": "Indicators",
        "categories": "Categories", "abolished": "Abolished categories", "departments": "Departments",
        "assistance": "Assistance measures", "process": "Process",
        "added": "added", "removed": "removed", "changed": "changed", "wording": "wording",
        "absorbed": "removed → absorbed by {to}", "derived": "computed from changed parameters; its rule is unchanged",
        "none": "none", "old": "old", "new": "new", "counted": "counted", "exempt": "not counted", "rigid": "rigid",
        "none_legend": "in the household matrix, no household-level category (a member may still be tekun); in the "
                       "member matrix, no member-level category",
        "not_rigid": "not rigid", "impact": "Impact on {n} households on {date}",
        "impact_own": "Impact on {n} households, each on its own date ({dates})",
        "own_one": "{day} for all {n}", "own_some": "{day} for {n}", "own_range": "{first} to {last}",
        "own_range_some": "{first} to {last} for {n}", "undated": "today, {today}, for {n} without one",
        "counts": "evaluated {evaluated}, categories changed for {changed}, bad records {bad}",
        "matrix_households": "Household categories: old (rows) → new (columns)",
        "matrix_members": "Member categories: old (rows) → new (columns)", "total": "total",
        "causes": "Causes", "transition": "transition", "count": "households", "cause": "cause",
        "cause_of": "cause ({n} of them)", "of_them": "{n} of them: {causes}",
        "absorbed_where": "“{label}” is abolished, absorbed by {to}: that is where the policy sends the category's "
                          "cases; where its households land is the matrix above, each decided by the new version's "
                          "rules{landed}.",
        "absorbed_none": " — {none} of the {held} households that held it meet no household category's rule and "
                         "are in none",
        "absorbed_where_members": "“{label}” is abolished, absorbed by {to}: that is where the policy sends the "
                                  "category's cases; where its members land is the member matrix, each decided by "
                                  "the new version's rules{landed}.",
        "absorbed_none_members": " — {none} of the {held} members who held it meet no member category's rule and "
                                 "are in none",
        "households": "Households whose categories changed (first {shown} of {n})",
        "all_households": "Households whose categories changed ({n})",
        "alone": "alone gives the new result", "partly": "alone changes the result, to {result}",
        "together": "together: {keys}", "no_cause": "no single change alters the result on its own",
        "with": "applied with {keys}, which it needs",
        "assistance_totals": "Assistance per year (monthly payments × 12)",
        "by_department": "By department", "measure": "measure", "department": "department",
        "recipients": "grants (paid or served)", "amount": "amount", "bad": "Bad records ({n})",
        "stray": "Rows of no household ({n})", "stray_count": "; rows of no household {n}",
        "pair_notes": "About the two files",
        "notes": "About the input (the figures of the report rest on it)",
        "unusable": "Changes that cannot be applied on their own",
        "witnesses": "Example households (boundary search, re-checked under both versions)",
        "level_household": "household", "level_member": "member", "changes_applied": "Changes applied one at a time",
        "member": "member", "legend": "Category names", "join": "; ", "zero": "grants of 0.00",
        "heat_legend": "green: same categories · red: moved · shade ∝ count",
        "bars_legend": "grey: old · blue: new ({unit})", "record": "source", "side": "policy", "code": "code",
        "message": "message", "colon": ": ",
    },
}

ASPECTS: dict[str, dict[str, str]] = {
    "zh": {"value": "值", "expression": "规则", "clause": "条款", "option": "选项", "when": "条件", "amount": "金额",
           "label": "名称", "note": "说明", "source": "依据", "confirm": "待确认说明", "counted": "计入",
           "share": "计入比例", "rigid": "刚性", "level": "层级", "group": "互斥组", "match": "匹配方式",
           "order": "组内顺序", "department": "部门", "per": "发放周期", "type": "类型", "values": "取值",
           "default": "默认值", "has_default": "有默认值", "nullable": "可为空", "given_with": "须同时填写",
           "plausible": "合理范围", "minimum": "最小值", "maximum": "最大值", "kind": "种类", "absorbed_by": "并入",
           "title": "标题",
           "version": "版本", "effective": "有效期", "id": "标识", "review_working_days": "审核工作日",
           "special_case_working_days": "特殊情况工作日", "date": "日期", "url": "网址", "test": "条件",
           "clause order": "条款顺序", "option order": "选项顺序", "clause label": "条款名称",
           "clause source": "条款依据", "option label": "选项名称", "option source": "选项依据",
           "member_description": "成员描述", "cited_as": "引用时称", "article": "条款表述"},
    "en": {"member_description": "member description", "cited_as": "cited as", "per": "paid",
           "given_with": "given with", "plausible": "plausible range"},
}

# the entry a section's settings belong to, as `engine.setting_words` knows them
SETTING_OWNERS = {"categories": "category", "definitions": "definition", "indicators": "definition",
                  "assistance": "measure"}

COMPONENT_WORDS = {
    "zh": {"parameters": "参数 {id}", "inputs": "输入字段 {id}", "income": "收入类型 {id}", "expenses": "支出类型 {id}",
           "definitions": "定义 {id}", "indicators": "指标 {id}", "assistance": "措施 {id}",
           "categories": "类别 {id}", "categories.when": "类别 {id} 的条款 {clauses}",
           "categories.when.short": "类别 {id} 的 {n} 个条款",
           "categories.settings": "类别 {id} 的设置", "categories.order": "{id} 的顺序", "abolished": "撤销类别 {id}",
           "removed": "删除类别 {id}", "added": "新增类别 {id}"},
    "en": {"parameters": "parameter {id}", "inputs": "input {id}", "income": "income type {id}",
           "expenses": "expense type {id}", "definitions": "definition {id}", "indicators": "indicator {id}",
           "assistance": "measure {id}", "categories": "category {id}", "categories.when": "{clause} {clauses} of {id}",
           "categories.when.short": "{n} clauses of {id}",
           "categories.settings": "level/group/match of {id}", "categories.order": "order of {id}",
           "abolished": "abolition of {id}", "removed": "removal of {id}", "added": "new category {id}"},
}

SIGN = {"added": "+", "removed": "-", "changed": "~", "abolished": "-"}


def where(span: Span | None) -> str:
    return f"{span.file}:{span.line}" if span else ""


def places(old: Span | None, new: Span | None) -> str:
    if old and new:
        return f"{where(old)} → {where(new)}"
    return where(old or new)


def detail_where(d: Detail, w: Words, shown: set[str]) -> tuple[str, str]:
    """Where a detail is written (empty when its item already said that place) and what it cites: a clause's
    or an option's citation, on the first of its details."""
    at = places(d.old_at, d.new_at)
    seen = at in shown
    shown.add(at)
    return ("" if seen else at), w.cites.text(d.citation)


class Words:
    """Words in one language; given the diff, the policies' labels for what people read (JSON keeps ids)."""

    def __init__(self, lang: str, policy_diff: PolicyDiff | None = None):
        self.lang = lang
        self.policy_diff = policy_diff
        self.w = WORDS[lang]
        self.cites = Citations(lang, policy_diff, self.w["none"])
        self.labels: dict[str, dict[str, str]] = {"categories": {}, "assistance": {}, "departments": {}, "names": {},
                                                  "clauses": {}}
        policies: tuple[Policy, ...] = (policy_diff.old, policy_diff.new) if policy_diff is not None else ()
        for policy in policies:  # the new wording wins
            said: tuple[Category | Abolished, ...] = (*policy.categories, *policy.abolished)
            for c in said:
                self.labels["categories"][c.id] = c.label.get(lang, c.id)
            for category in policy.categories:
                for clause in category.clauses:
                    self.labels["clauses"][f"{category.id}.{clause.id}"] = clause.label.get(lang, clause.id)
            for m in policy.assistance:
                self.labels["assistance"][m.id] = m.label.get(lang, m.id)
            for table in (policy.parameters, policy.definitions, policy.income, policy.expenses):
                for name, item in table.items():
                    self.labels["names"][name] = item.label.get(lang, name)
            for f in policy.inputs.values():
                self.labels["names"][f"{f.level}:{f.name}"] = f.label.get(lang, f.name)
        self.labels["departments"] = {d: department_name(policies, d, lang) for p in policies for d in p.departments}

    def __call__(self, key: str, **values: Any) -> str:
        return self.w[key].format(**values)

    @property
    def colon(self) -> str:
        """What joins a word of the report to its value: `值: …` in English, `值：…` in Chinese (no space after the
        full-width colon); colons of data (places, expressions, ids) are not this."""
        return self.w["colon"]

    def aspect(self, name: str) -> str:
        return ASPECTS[self.lang].get(name, name)

    def named(self, kind: str, id: str) -> str:
        """The label of a category, measure or department, or its id when there is none."""
        return self.labels[kind].get(id, id)

    def setting(self, section: str, aspect: str, value: str) -> str:
        """A setting written as an id, as `policy doc` says it: a department by its label, a measure's
        `level: member` as `按人`, its `per: month` as `按月`…; other values as written."""
        if aspect == "department":
            return self.named("departments", value)
        return setting_words(SETTING_OWNERS.get(section, section), aspect, value, self.lang)

    def categories(self, ids: Iterable[str]) -> str:
        """Categories held at once, by their labels: `最低生活保障对象 + 防止返贫监测对象`; `none` for none."""
        if not self.labels["categories"]:
            return combined(ids)
        return " + ".join(self.named("categories", c) for c in ids) or self.w["none"]

    def category_list(self, ids: Iterable[str]) -> str:
        """Categories named one after the other, by their labels: `最低生活保障对象、特困人员`."""
        return ("、" if self.lang == "zh" else ", ").join(self.named("categories", c) for c in ids)

    def outcome(self, o: Outcome) -> str:
        """A household's categories, then those of members who have any."""
        members = ", ".join(f"{m}: {self.categories(c)}" for m, c in o.members if c)
        return self.categories(o.categories) + (f" [{members}]" if members else "")

    def component(self, c: Component, short: bool = False) -> str:
        """A change applied on its own, by the labels of what it changes; `short` (in a cause, where the list of
        changes applied one at a time has named them): a category's changed clauses, when more than one, by their
        number."""
        table = COMPONENT_WORDS[self.lang]
        kind = {"categories": "categories", "assistance": "assistance"}.get(c.section, "names")
        label = self.labels[kind].get(c.id)
        shown = f"“{label}”" if label else c.id
        key = f"{c.section}.{c.part}" if c.part else c.section
        if c.section == "categories" and c.part is None:
            key = c.item.change if c.item.change in ("abolished", "removed", "added") else "categories"
        clauses = [self.clause(c.id, clause) for clause, _ in c.clauses]
        if short and len(clauses) > 1:
            key += ".short"
        text = table[key].format(id=shown, clauses=("、" if self.lang == "zh" else ", ").join(clauses),
                                 clause="clause" if len(clauses) == 1 else "clauses", n=len(clauses))
        if self.lang == "zh":  # no space beside Chinese quotation marks: 类别“…”的条款“…”
            text = text.replace(" “", "“").replace("” ", "”") if label else text.replace("条款 “", "条款“")
        return text

    def clause(self, category: str, clause: str) -> str:
        """A category's clause by its label, quoted (`“人均存款不超过24个月低保标准”`): what a reader who does not read
        the YAML can find in `policy doc` and the explanations; its id where it has no label."""
        label = self.labels["clauses"].get(f"{category}.{clause}")
        return f"“{label}”" if label else clause

    def cited_component(self, c: Component, short: bool = False) -> str:
        """A change applied on its own, with what the entry it changes cites: `参数“…” [大政发〔2024〕47号 附件1]`;
        a category's clauses by what each changed clause cites (`类别“…”的条款 deposits [大政发〔2024〕47号 附件1]`),
        not by the category's article."""
        citations = [cites for _, cites in c.clauses] or [c.item.citation]
        said = dict.fromkeys(text for text in map(self.cites.text, citations) if text)  # each article once
        cited = ("；" if self.lang == "zh" else "; ").join(said)
        return self.component(c, short) + (f" [{cited}]" if cited else "")


# -- values ------------------------------------------------------------------------------


def _money_unit(unit: str | None, lang: str) -> str:
    words = UNIT_WORDS[lang]
    return {"rate": words["rate"], "amount": words["amount"], "duration": words["duration"]}.get(unit or "", "")


def _number(value: Any, unit: str | None) -> str:
    if isinstance(value, Decimal) and unit in ("rate", "amount"):
        return grouped(value)
    if isinstance(value, Decimal):
        return minus_sign(plain_number(value))
    return str(value)


def _signed(change: Decimal, text: str) -> str:
    """A change as people read it: `+4.1`, `−16.7` with the minus sign (the JSON report keeps `-16.7`), and `0.0`
    for one that rounds to nothing either way."""
    return ("+" if change > 0 else "") + minus_sign(text)


def _relative(change: Decimal | None) -> str:
    """` (+4.1%)`, ` (−16.7%)`; nothing where there is no change to relate (the old figure nothing)."""
    return "" if change is None else f" ({_signed(change, str(change))}%)"


def value_change(d: Detail, lang: str) -> str:
    """`5,880.00 → 6,120.00 元/年 (+4.1%)`; a share written as a percentage as one, with the change in points:
    `20% → 25% (+5 个百分点)`, not `0.2 → 0.25 (+25.0%)`."""
    if d.percent and isinstance(d.old, Decimal | None) and isinstance(d.new, Decimal | None):
        text = " → ".join(f"{minus_sign(plain_number(v * 100))}%" for v in (d.old, d.new) if v is not None)
        if d.old is not None and d.new is not None:
            points = _signed(d.new - d.old, plain_number((d.new - d.old) * 100))
            text += f" ({points} 个百分点)" if lang == "zh" else f" ({points} percentage points)"
        return text
    unit = _money_unit(d.unit, lang)
    parts = [_number(v, d.unit) for v in (d.old, d.new) if v is not None]
    return " → ".join(parts) + (f" {unit}" if unit else "") + _relative(d.relative)


def _scalar(value: Any, d: Detail, w: Words, section: str) -> str:
    if value is None:
        return w("none")
    if d.kind == "flag":
        yes, no = ("counted", "exempt") if d.aspect == "counted" else ("rigid", "not_rigid")
        return w(yes) if value else w(no)
    if d.kind == "list" and d.aspect == "absorbed_by":
        return w.category_list(value) or w("none")
    if d.kind == "list":
        return ", ".join(str(v) for v in value) or w("none")
    if isinstance(value, bool):
        return "true" if value else "false"
    return w.setting(section, d.aspect, value) if isinstance(value, str) else str(value)


def setting_change(d: Detail, item: ItemChange, w: Words) -> str:
    """A setting's change in words, for every form of the report: `按户 → 按人`, `民政部门 → 无`; the value alone
    where the setting is new, and where its whole entry is added or removed (the entry's heading says which)."""
    old, new = _scalar(d.old, d, w, item.section), _scalar(d.new, d, w, item.section)
    if d.change == "added":
        return new
    if d.change == "removed" and item.change in ("added", "removed"):
        return old
    return f"{old} → {new}"


def marked(text: str, marks: Iterable[Mark], side: str, opening: str, closing: str) -> str:
    """Wrap each marked region of one side's text."""
    ranges = sorted({m.old_range if side == "old" else m.new_range for m in marks})
    out, last = [], 0
    for start, end in ranges:
        if start < last or start == end:
            continue
        out += [text[last:start], opening, text[start:end], closing]
        last = end
    out.append(text[last:])
    return "".join(out)


# -- text --------------------------------------------------------------------------------


def stale_note(d: Detail, lang: str) -> str | None:
    """`note: the label was not changed and still writes 24, …`: said under a changed rule whose label was left
    behind (`Detail.stale_label`); None for any other detail."""
    from cli.common import HEADS

    return HEADS["note"].in_lang(lang) + d.stale_label.said(lang).in_lang(lang) if d.stale_label else None


def _detail_lines(d: Detail, item: ItemChange, w: Words, indent: str, shown: set[str]) -> list[str]:
    """The lines of one detail, and the note of a label its rule left behind; a place already shown for this item
    is not repeated."""
    note = stale_note(d, w.lang)
    return _change_lines(d, item, w, indent, shown) + ([f"{indent}  {note}"] if note else [])


def _change_lines(d: Detail, item: ItemChange, w: Words, indent: str, shown: set[str]) -> list[str]:
    name = w.aspect(d.aspect) + (f" {d.item}" if d.item else "")
    flag = f"  [{w('wording')}]" if d.wording else ""
    at = joined(*detail_where(d, w, shown))
    at = f"  ({at})" if at else ""
    sign = SIGN[d.change] if d.change != "changed" else ""
    if d.kind == "value":
        note = f"  ({w('derived')})" if d.derived else ""
        return [f"{indent}{sign}{name}{w.colon}{value_change(d, w.lang)}{note}{flag}{at}"]
    if d.kind == "expr":
        short = d.change == "changed" and len(d.old) + len(d.new) <= 60
        if short:
            old, new = marked(d.old, d.marks, "old", "«", "»"), marked(d.new, d.marks, "new", "«", "»")
            return [f"{indent}{name}{w.colon}{old} → {new}{flag}{at}"]
        if d.change == "changed":
            return [f"{indent}{name}{w.colon.rstrip()}{flag}{at}",
                    f"{indent}  {w('old')}{w.colon}{marked(d.old, d.marks, 'old', '«', '»')}",
                    f"{indent}  {w('new')}{w.colon}{marked(d.new, d.marks, 'new', '«', '»')}"]
        return [f"{indent}{sign} {name}{w.colon}{d.new if d.old is None else d.old}{flag}{at}"]
    return [f"{indent}{name}{w.colon}{setting_change(d, item, w)}{flag}{at}"]


def _heading(item: ItemChange, w: Words) -> str:
    label = item.label(w.lang)
    text = f"{SIGN[item.change]} {item.id}" + (f" — {label}" if label else "")
    if item.change == "abolished":
        text += w.colon + w("absorbed", to=w.category_list(item.absorbed_by))
    elif item.change in ("added", "removed"):
        text += f" ({w(item.change)})"
    if item.wording:
        text += f"  [{w('wording')}]"
    at = joined(places(item.old_at, item.new_at), w.cites.text(item.citation))
    return text + (f"  [{at}]" if at else "")


def diff_text(policy_diff: PolicyDiff, lang: str, style: Callable[[str, str], str] = lambda t, r: t) -> str:
    w = Words(lang, policy_diff)
    old, new = policy_diff.old, policy_diff.new
    lines = [style(f"{w('title')}{w.colon}{old.file} ({old.meta.version}) → {new.file} ({new.meta.version})", "title")]
    if policy_diff.notes:
        lines += ["", style(w("pair_notes"), "heading"), *[f"  {line}" for line in pair_lines(policy_diff, lang)],
                  ""]
    if policy_diff.same:
        return "\n".join([*lines, w("same")]) + "\n"
    lines.append(w("changes", n=len(policy_diff.items), w=sum(i.wording for i in policy_diff.items)))
    for section, items in policy_diff.by_section():
        lines += ["", style(w(section), "heading")]
        for item in items:
            lines.append("  " + _heading(item, w))
            shown = {places(item.old_at, item.new_at)}
            for d in item.details:
                lines += _detail_lines(d, item, w, "      ", shown)
    return "\n".join(lines) + "\n"


def pair_lines(policy_diff: PolicyDiff, lang: str) -> list[str]:
    """What is amiss with the two files as a pair (`PolicyDiff.notes`), each as standard error said it."""
    from cli.common import HEADS

    return [HEADS[level].in_lang(lang) + said.in_lang(lang) for level, said in policy_diff.notes]


def _table(rows: list[list[str]], right: Iterable[int] = ()) -> list[str]:
    aligned = set(right)
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [(" " * (widths[i] - _width(c)) + c) if i in aligned else c + " " * (widths[i] - _width(c))
                 for i, c in enumerate(row)]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def _width(text: str) -> int:
    return sum(2 if "\u3000" <= ch <= "\uffef" or "\u4e00" <= ch <= "\u9fff" else 1 for ch in text)


def matrix_rows(counts: Counter[tuple[str, str]], w: Words) -> tuple[list[str], list[str], list[list[int]]]:
    """Row labels, column labels and counts, in a stable order: fewer categories first, `none` last."""
    def order(label: str) -> tuple[int, int, str]:
        return (label == "none", label.count("+"), label)
    rows = sorted({o for o, _ in counts}, key=order)
    columns = sorted({n for _, n in counts}, key=order)
    return rows, columns, [[counts.get((r, c), 0) for c in columns] for r in rows]


def _matrix_text(counts: Counter[tuple[str, str]], w: Words) -> list[str]:
    rows, columns, cells = matrix_rows(counts, w)
    if not rows:
        return ["  " + w("none")]
    table = [["", *columns, w("total")]]
    for label, values in zip(rows, cells, strict=True):
        table.append([label, *[f"{v:,}" if v else "." for v in values], f"{sum(values):,}"])
    table.append([w("total"), *[f"{sum(col):,}" for col in zip(*cells, strict=True)],
                  f"{sum(map(sum, cells)):,}"])
    return _table(table, right=range(1, len(columns) + 2))


def transition(before: Outcome, after: Outcome, w: Words) -> str:
    """`dibao+monitoring → dibao; p2: none → tekun` (members whose categories did not change are left out),
    by labels when `w` has them."""
    old, new = w.categories(before.categories), w.categories(after.categories)
    parts = [f"{old} → {new}" if before.categories != after.categories else old]
    new_members = dict(after.members)
    for member, categories in before.members:
        moved = new_members.get(member, ())
        if categories != moved:
            parts.append(f"{member}: {w.categories(categories)} → {w.categories(moved)}")
    return w("join").join(parts)


def _member_moves(before: Outcome, after: Outcome, w: Words) -> list[str]:
    """The members whose categories differ, without their ids: `member none → tekun ×2`."""
    new_members = dict(after.members)
    moves = Counter(f"{w('member')} {w.categories(c)} → {w.categories(new_members.get(m, ()))}"
                    for m, c in before.members if c != new_members.get(m, ()))
    return [f"{k}" + (f" ×{n}" if n > 1 else "") for k, n in sorted(moves.items())]


def _member_transitions(before: Outcome, after: Outcome, w: Words) -> str:
    """The same without member ids, for grouping: `dibao+monitoring → dibao; member none → tekun`."""
    old, new = w.categories(before.categories), w.categories(after.categories)
    parts = [f"{old} → {new}" if before.categories != after.categories else old]
    return w("join").join([*parts, *_member_moves(before, after, w)])


def _moved_outcome(before: Outcome, result: Outcome, w: Words) -> str:
    """A result as the causes summary groups it: the household's categories and the members it moves, without
    ids (`dibao+monitoring [member none → tekun]`). Members it leaves as they were go unsaid: a tekun member who
    stays tekun would otherwise split one move into a row per member id."""
    moves = _member_moves(before, result, w)
    return w.categories(result.categories) + (f" [{', '.join(moves)}]" if moves else "")


def cause_text(change: HouseholdChange, impact: Impact, w: Words,
               outcome: Callable[[Outcome], str] | None = None) -> str:
    """Each change that alone alters the result; when none gives the new result alone, those that do together.

    A change applied with the changes it needs (listed once under "changes applied") is named alone.
    Each change is named with what it cites the first time the text names it. `outcome` says what a change
    alone gives (by default the household's categories and those of every member who has any).
    """
    said = outcome or w.outcome
    components = {c.key: c for c in impact.components}
    named: set[str] = set()

    def name(key: str) -> str:
        if key not in components:
            return key
        first = key not in named
        named.add(key)
        # a category's clauses by their number: the changes applied one at a time, above, list them
        return w.cited_component(components[key], short=True) if first else w.component(components[key], short=True)

    parts = []
    for cause in change.causes:
        text = name(cause.key)
        text += " — " + (w("alone") if cause.exact else w("partly", result=said(cause.result)))
        parts.append(text)
    if not change.causes:
        parts.append(w("no_cause"))
    if change.combination:
        implied = {k for key in change.combination for k in impact.needs.get(key, ())}
        keys = [k for k in change.combination if k not in implied or k in impact.needs]
        parts.append(w("together", keys=" + ".join(name(k) for k in keys)))
    return w("join").join(parts)


def component_lines(impact: Impact, w: Words) -> list[str]:
    """`key: description [citation] (with …)` for each change applied one at a time."""
    names = {c.key: w.component(c) for c in impact.components}
    out = []
    for c in impact.components:
        needs = impact.needs.get(c.key)
        out.append(f"{c.key}: {w.cited_component(c)}" + (
            f" ({w('with', keys=', '.join(names.get(k, k) for k in needs))})" if needs else ""))
    return out


def cause_summary(impact: Impact, w: Words) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(transition, households, [(causes, households)…]), most households first: one row per move, members by what
    they move from and to, never by id (the list of households keeps the ids), with each set of causes that makes
    it and how many of its households that set moved, most first: households that make one move for different
    reasons are one row that says both, never two rows of one move."""
    groups = Counter((_member_transitions(c.old, c.new, w),
                      cause_text(c, impact, w, functools.partial(_moved_outcome, c.old, w=w)))
                     for c in impact.changed)
    moves: dict[str, list[tuple[str, int]]] = {}
    for (t, c), n in sorted(groups.items(), key=lambda x: (-x[1], x[0])):
        moves.setdefault(t, []).append((c, n))
    rows = [(t, sum(n for _, n in causes), causes) for t, causes in moves.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def cause_rows(impact: Impact, w: Words) -> list[list[str | list[str]]]:
    """The causes summary as a table, its heading first: a move's causes are a list, each set of them with how many
    of the move's households it moved where they did not all move for the same reasons."""
    rows: list[list[str | list[str]]] = [[w("count"), w("transition"), w("cause")]]
    for t, n, causes in cause_summary(impact, w):
        rows.append([f"{n:,}", t, [causes[0][0]] if len(causes) == 1 else
                     [w("of_them", n=f"{k:,}", causes=c) for c, k in causes]])
    return rows


def _amounts(t: MeasureTotal) -> str:
    if not t.priced:
        return "—"
    return f"{grouped(t.old_amount)} → {grouped(t.new_amount)}{_relative(relative_change(t.old_amount, t.new_amount))}"


def _grants(t: MeasureTotal) -> list[str]:
    """Grants that gave something (an amount above 0.00, or a service), then those that came to 0.00."""
    zero = f"{t.old_zero:,} → {t.new_zero:,}" if t.old_zero or t.new_zero else ""
    return [f"{t.old_count - t.old_zero:,} → {t.new_count - t.new_zero:,}", zero]


def assistance_rows(impact: Impact, w: Words) -> tuple[list[list[str]], list[list[str]]]:
    """Rows per measure (measure, department, grants, grants of 0.00, amounts) and per department (department,
    grants, grants of 0.00, amounts), by labels when `w` has them."""
    measures = [[w.named("assistance", t.id), w.named("departments", t.department), *_grants(t), _amounts(t)]
                for t in impact.measures.values()]
    departments = [[w.named("departments", t.id), *_grants(t), _amounts(t)] for t in impact.departments()]
    return measures, departments


def legend(impact: Impact, w: Words) -> list[str]:
    """`dibao: 最低生活保障对象` for each category the matrices name by id (where that reads differently in the
    report's language), and what `none` counts in each matrix — not `policy batch`'s households in no category
    at all."""
    seen = dict.fromkeys(c for counts in (impact.households, impact.members) for pair in counts for label in pair
                         for c in label.split("+"))
    named = {c: w.named("categories", c) for c in seen if c != NONE}
    if NONE in seen:
        named[NONE] = w("none_legend")  # last, as the matrices put it
    return [f"{c}: {label}" for c, label in named.items() if label != c]


def absorbed_lines(impact: Impact, w: Words, level: str) -> list[str]:
    """For each category of `level` the new version abolishes: "absorbed by" is where the policy sends its cases,
    the matrix of that level where its households (members) land — which reads otherwise as a contradiction when
    most of them land in none."""
    if w.policy_diff is None:
        return []
    levels = {c.id: c.level for c in w.policy_diff.old.categories}
    counts = impact.households if level == "household" else impact.members
    lines = []
    for item in w.policy_diff.items:
        if item.change != "abolished" or levels.get(item.id) != level:
            continue
        held = sum(n for (old, _), n in counts.items() if item.id in old.split("+"))
        if not held:
            continue
        none = sum(n for (old, new), n in counts.items() if item.id in old.split("+") and new == NONE)
        suffix = "" if level == "household" else "_members"
        landed = w("absorbed_none" + suffix, held=f"{held:,}", none=f"{none:,}") if none else ""
        lines.append(w("absorbed_where" + suffix, label=w.named("categories", item.id),
                       to=w.category_list(item.absorbed_by), landed=landed))
    return lines


def counts(impact: Impact, w: Words) -> str:
    """`evaluated 2,000, categories changed for 36, bad records 0`, and the rows of no household when there are."""
    line = w("counts", evaluated=f"{impact.evaluated:,}", changed=f"{len(impact.changed):,}",
             bad=f"{len(impact.bad):,}")
    return line + (w("stray_count", n=f"{len(impact.stray):,}") if impact.stray else "")


def note_lines(impact: Impact, lang: str) -> list[str]:
    """What the input's figures rest on (`Impact.notes`), each as standard error said it: `warning: …`."""
    from cli.common import HEADS

    return [HEADS[level].in_lang(lang) + said.in_lang(lang) for level, said in impact.notes]


def impact_heading(impact: Impact, w: Words) -> str:
    """The impact's title, with the days its households were decided on: --date, or each household's own `date`
    (one day for all, or the first and last) and today for those without one."""
    if impact.forced or not impact.dated:
        return w("impact", n=f"{impact.records:,}", date=impact.date.isoformat())
    own = dict(impact.dated)
    own[impact.date] = own.get(impact.date, 0) - impact.undated
    days = sorted(d for d, n in own.items() if n > 0)
    total = sum(own.values())
    parts = []
    if len(days) == 1:
        parts.append(w("own_some" if impact.undated else "own_one", n=f"{total:,}", day=days[0].isoformat()))
    elif days:
        parts.append(w("own_range_some" if impact.undated else "own_range", n=f"{total:,}",
                       first=days[0].isoformat(), last=days[-1].isoformat()))
    if impact.undated:
        parts.append(w("undated", n=f"{impact.undated:,}", today=impact.date.isoformat()))
    return w("impact_own", n=f"{impact.records:,}", dates="; ".join(parts) if w.lang == "en" else "；".join(parts))


def impact_text(impact: Impact, lang: str, show: int, style: Callable[[str, str], str] = lambda t, r: t,
                policy_diff: PolicyDiff | None = None, warnings_file: Path | None = None) -> str:
    """The impact for people; `warnings_file`: where `--warnings` wrote every warning, if it did."""
    from cli.diff_warned import warned_text

    w = Words(lang, policy_diff)
    lines = [style(impact_heading(impact, w), "title"), counts(impact, w)]
    if impact.notes:
        lines += ["", style(w("notes"), "heading"), *[f"  {line}" for line in note_lines(impact, lang)]]
    lines += ["", style(w("matrix_households"), "heading"), *_matrix_text(impact.households, w),
              *[f"  {line}" for line in absorbed_lines(impact, w, "household")],
             "", style(w("matrix_members"), "heading"), *_matrix_text(impact.members, w),
              *[f"  {line}" for line in absorbed_lines(impact, w, "member")]]
    names = legend(impact, w)
    if names:
        lines += ["", style(w("legend"), "heading"), *[f"  {line}" for line in names]]
    if impact.components:
        lines += ["", style(w("changes_applied"), "heading")]
        lines += [f"  {line}" for line in component_lines(impact, w)]
    if impact.unusable:
        lines += ["", style(w("unusable"), "heading")]
        lines += [f"  {k}: {d.message}" for k, d in impact.unusable.items()]
    if impact.changed:
        lines += ["", style(w("causes"), "heading")]
        summary = cause_summary(impact, w)  # labels are long: each transition on its line, its causes below
        width = max(len(f"{n:,}") for _, n, _ in summary)
        for t, n, causes in summary:
            lines.append(f"  {n:>{width},}  {t}")
            lines += [f"  {' ' * width}      {w('cause')}{w.colon}{c}" if len(causes) == 1 else
                      f"  {' ' * width}      {w('cause_of', n=f'{k:,}')}{w.colon}{c}" for c, k in causes]
        listed = impact.changed if show <= 0 else impact.changed[:show]
        heading = (w("all_households", n=f"{len(impact.changed):,}") if len(listed) == len(impact.changed)
                   else w("households", shown=len(listed), n=f"{len(impact.changed):,}"))
        lines += ["", style(heading, "heading")]
        for change in listed:
            lines.append(f"  {change.id} ({change.source}): {transition(change.old, change.new, w)}")
            lines.append(f"      {w('cause')}{w.colon}{cause_text(change, impact, w)}")
    measures, departments = assistance_rows(impact, w)
    lines += ["", style(w("assistance_totals"), "heading")]
    unit = f" ({UNIT_WORDS[lang]['rate']})"
    lines += _table([[w("measure"), w("department"), w("recipients"), w("zero"), w("amount") + unit], *measures])
    lines += ["", style(w("by_department"), "heading")]
    lines += _table([[w("department"), w("recipients"), w("zero"), w("amount") + unit], *departments])
    for key, listed_bad in (("bad", impact.bad), ("stray", impact.stray)):
        if not listed_bad:
            continue
        lines += ["", style(w(key, n=f"{len(listed_bad):,}"), "heading")]
        for bad in listed_bad:
            for d in bad.diagnostics:
                side = f" [{w(bad.policy)}]" if bad.policy else ""
                path = f"{d.shown_path_in(lang)}: " if d.path else ""
                said = rule_failure(d, lang) if d.code.startswith("E") else finding_line(d, lang)  # E: a rule's
                lines.append(f"  {bad.place(d)}{side}: {path}{said}")
    lines += warned_text(impact.warned, lang, warnings_file, style)
    return "\n".join(lines) + "\n"


def witness_text(found: list[Witness], lang: str, policy_diff: PolicyDiff | None = None) -> str:
    w = Words(lang, policy_diff)
    lines = [w("witnesses")]
    for witness in found:
        lines += ["", f"{w('level_' + witness.level)}{w.colon}{_moves(witness, w)}", to_json(witness.household)]
    if not found:
        lines.append(w("none"))
    return "\n".join(lines) + "\n"


def _moves(witness: Witness, w: Words) -> str:
    """What an example household holds under each version, by the policies' labels when there are any."""
    return f"{w.outcome(witness.old_outcome)} → {w.outcome(witness.new_outcome)}"


# -- markdown ----------------------------------------------------------------------------


def md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*[]<>|~#" else ch for ch in text)


def _md_marked(text: str, marks: Iterable[Mark], side: str) -> str:
    ranges = sorted({m.old_range if side == "old" else m.new_range for m in marks})
    out, last = [], 0
    wrap = ("~~", "~~") if side == "old" else ("**", "**")
    for start, end in ranges:
        if start < last or start == end:
            continue
        out += [md_escape(text[last:start]), wrap[0], md_escape(text[start:end]), wrap[1]]
        last = end
    out.append(md_escape(text[last:]))
    return "".join(out)


def _md_detail(d: Detail, item: ItemChange, w: Words, shown: set[str]) -> list[str]:
    note = stale_note(d, w.lang)
    return _md_change(d, item, w, shown) + ([f"  - {md_escape(note)}"] if note else [])


def _md_change(d: Detail, item: ItemChange, w: Words, shown: set[str]) -> list[str]:
    name = w.aspect(d.aspect) + (f" `{d.item}`" if d.item else "")
    flag = f" *({w('wording')})*" if d.wording else ""
    place, cited = detail_where(d, w, shown)
    at = _md_where(place, cited)
    at = f" — {at}" if at else ""
    if d.kind == "value":
        note = f" *({w('derived')})*" if d.derived else ""
        return [f"- {name}{w.colon}{value_change(d, w.lang)}{note}{flag}{at}"]
    if d.kind == "expr":
        if d.change == "changed":
            return [f"- {name}{flag}{at}", f"  - {w('old')}{w.colon}{_md_marked(d.old, d.marks, 'old')}",
                    f"  - {w('new')}{w.colon}{_md_marked(d.new, d.marks, 'new')}"]
        text = d.new if d.old is None else d.old
        body = f"**{md_escape(text)}**" if d.change == "added" else f"~~{md_escape(text)}~~"
        return [f"- {w(d.change)} {name}{w.colon}{body}{flag}{at}"]
    return [f"- {name}{w.colon}{md_escape(setting_change(d, item, w))}{flag}{at}"]


def _md_where(place: str, cited: str) -> str:
    """`` `policy/x.yaml:48` · 大政发〔2024〕47号 附件1 ``."""
    return joined(f"`{place}`" if place else "", md_escape(cited))


def diff_markdown(policy_diff: PolicyDiff, lang: str) -> str:
    w = Words(lang, policy_diff)
    old, new = policy_diff.old, policy_diff.new
    lines = [f"# {w('title')}{w.colon}`{old.file}` ({old.meta.version}) → `{new.file}` ({new.meta.version})", ""]
    if policy_diff.notes:
        said = pair_lines(policy_diff, lang)
        lines += [f"## {w('pair_notes')}", "", *[f"- {md_escape(line)}" for line in said], ""]
    if policy_diff.same:
        return "\n".join([*lines, w("same")]) + "\n"
    lines.append(w("changes", n=len(policy_diff.items), w=sum(i.wording for i in policy_diff.items)))
    for section, items in policy_diff.by_section():
        lines += ["", f"## {w(section)}"]
        for item in items:
            label = item.label(lang)
            head = f"{SIGN[item.change]} `{item.id}`" + (f" — {md_escape(label)}" if label else "")
            if item.change == "abolished":
                head += w.colon + md_escape(w("absorbed", to=w.category_list(item.absorbed_by)))
            elif item.change in ("added", "removed"):
                head += f" ({w(item.change)})"
            if item.wording:
                head += f" *({w('wording')})*"
            at = places(item.old_at, item.new_at)
            where_cited = _md_where(at, w.cites.text(item.citation))
            lines += ["", f"### {head}", *([where_cited, ""] if where_cited else [""])]
            shown = {at}
            for d in item.details:
                lines += _md_detail(d, item, w, shown)
    return "\n".join(lines) + "\n"


def _md_cell(cell: str | list[str]) -> str:
    """A cell's text escaped; a list, its lines, one under the other."""
    return md_escape(cell) if isinstance(cell, str) else "<br>".join(md_escape(line) for line in cell)


def _md_table(rows: Sequence[Sequence[str | list[str]]], right: Iterable[int] = ()) -> list[str]:
    aligned = set(right)
    out = ["| " + " | ".join(_md_cell(c) for c in rows[0]) + " |",
           "|" + "|".join("---:" if i in aligned else "---" for i in range(len(rows[0]))) + "|"]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows[1:]]
    return out


def _md_matrix(counts: Counter[tuple[str, str]], w: Words) -> list[str]:
    rows, columns, cells = matrix_rows(counts, w)
    if not rows:
        return [w("none")]
    table = [[f"{w('old')} \\ {w('new')}", *columns, w("total")]]
    table += [[r, *[f"{v:,}" if v else "·" for v in vs], f"{sum(vs):,}"] for r, vs in zip(rows, cells, strict=True)]
    table.append([w("total"), *[f"{sum(col):,}" for col in zip(*cells, strict=True)], f"{sum(map(sum, cells)):,}"])
    return _md_table(table, right=range(1, len(columns) + 2))


def impact_markdown(impact: Impact, lang: str, show: int, policy_diff: PolicyDiff | None = None,
                    warnings_file: Path | None = None) -> str:
    """The impact for a report in Markdown; `warnings_file`: where `--warnings` wrote every warning, if it did."""
    from cli.diff_warned import warned_markdown

    w = Words(lang, policy_diff)
    lines = [f"## {impact_heading(impact, w)}", "", counts(impact, w)]
    if impact.notes:
        lines += ["", f"### {w('notes')}", "", *[f"- {md_escape(line)}" for line in note_lines(impact, lang)]]
    lines += ["", f"### {w('matrix_households')}", "", *_md_matrix(impact.households, w),
              *[f"\n{md_escape(line)}" for line in absorbed_lines(impact, w, "household")],
             "", f"### {w('matrix_members')}", "", *_md_matrix(impact.members, w),
              *[f"\n{md_escape(line)}" for line in absorbed_lines(impact, w, "member")]]
    names = legend(impact, w)
    if names:
        lines += ["", f"### {w('legend')}", "", *[f"- {md_escape(line)}" for line in names]]
    if impact.components:
        lines += ["", f"### {w('changes_applied')}", ""]
        lines += [f"- {md_escape(line)}" for line in component_lines(impact, w)]
    if impact.unusable:
        lines += ["", f"### {w('unusable')}", ""]
        lines += [f"- `{k}`: {md_escape(d.message)}" for k, d in impact.unusable.items()]
    if impact.changed:
        lines += ["", f"### {w('causes')}", ""]
        lines += _md_table(cause_rows(impact, w), right=[0])
        listed = impact.changed if show <= 0 else impact.changed[:show]
        heading = (w("all_households", n=f"{len(impact.changed):,}") if len(listed) == len(impact.changed)
                   else w("households", shown=len(listed), n=f"{len(impact.changed):,}"))
        lines += ["", f"### {heading}", ""]
        lines += _md_table([["id", w("transition"), w("cause")],
                            *[[c.id, transition(c.old, c.new, w), cause_text(c, impact, w)] for c in listed]])
    measures, departments = assistance_rows(impact, w)
    unit = f" ({UNIT_WORDS[lang]['rate']})"
    lines += ["", f"### {w('assistance_totals')}", ""]
    lines += _md_table([[w("measure"), w("department"), w("recipients"), w("zero"), w("amount") + unit], *measures],
                       [2, 3, 4])
    lines += ["", f"### {w('by_department')}", ""]
    lines += _md_table([[w("department"), w("recipients"), w("zero"), w("amount") + unit], *departments], [1, 2, 3])
    for key, listed_bad in (("bad", impact.bad), ("stray", impact.stray)):
        if listed_bad:
            lines += ["", f"### {w(key, n=f'{len(listed_bad):,}')}", ""]
            lines += [f"- `{b.place(d)}`: {d.code} {md_escape(f'{d.shown_path_in(lang)}: ' if d.path else '')}"
                      f"{md_escape(d.in_lang(lang).message)}" for b in listed_bad for d in b.diagnostics]
    lines += warned_markdown(impact.warned, lang, warnings_file)
    return "\n".join(lines) + "\n"


def witness_markdown(found: list[Witness], lang: str, policy_diff: PolicyDiff | None = None) -> str:
    w = Words(lang, policy_diff)
    lines = [f"## {w('witnesses')}"]
    for witness in found:
        lines += ["", f"### {w('level_' + witness.level)}{w.colon}{_moves(witness, w)}", "", "```json",
                  to_json(witness.household), "```"]
    if not found:
        lines += ["", w("none")]
    return "\n".join(lines) + "\n"


# -- JSON --------------------------------------------------------------------------------


def _json_value(value: Any, d: Detail) -> Any:
    if isinstance(value, Decimal):
        return machine(value, d.unit or "number")
    if isinstance(value, list | tuple):
        return list(value)
    return value


def _outcome_json(o: Outcome) -> dict[str, Any]:
    return {"categories": list(o.categories), "members": {m: list(c) for m, c in o.members}}


def notes_json(notes: Iterable[tuple[str, Any]], lang: str) -> list[dict[str, str]]:
    """Notes and warnings (level, `Said`) as the JSON report gives them, in the report's language."""
    return [{"level": level, "message": said.in_lang(lang)} for level, said in notes]


def diff_json(policy_diff: PolicyDiff, lang: str, impact: Impact | None = None,
              found: list[Witness] | None = None, warnings_file: Path | None = None) -> dict[str, Any]:
    """The report for machines; `warnings_file`: where `--warnings` wrote every warning, if it did."""
    def side(p: Any) -> dict[str, Any]:
        return {"file": p.file, "id": p.meta.id, "version": p.meta.version, "sha256": p.sha256}

    cites = Citations(lang, policy_diff)
    changes = []
    for item in policy_diff.items:
        details = []
        for d in item.details:
            entry: dict[str, Any] = {"aspect": d.aspect, "change": d.change, "kind": d.kind,
                                     "old": _json_value(d.old, d), "new": _json_value(d.new, d)}
            for key, value in (("item", d.item), ("unit", d.unit), ("old_at", where(d.old_at) or None),
                               ("new_at", where(d.new_at) or None)):
                if value is not None:
                    entry[key] = value
            if d.relative is not None:
                entry["relative_percent"] = str(d.relative)
            if d.wording:
                entry["wording"] = True
            if d.derived:
                entry["derived"] = True
            if d.marks:
                entry["marks"] = [{"old": m.old, "new": m.new, "old_range": list(m.old_range),
                                   "new_range": list(m.new_range)} for m in d.marks]
            if d.stale_label is not None:
                entry["label_numbers"] = [{"lang": n.lang, "number": n.number,
                                           "label": getattr(d.stale_label.label, n.lang)}
                                          for n in d.stale_label.numbers]
                entry["label_note"] = d.stale_label.said(lang).in_lang(lang)
            entry.update(cites.json(d.citation))
            details.append(entry)
        change: dict[str, Any] = {"section": item.section, "id": item.id, "change": item.change,
                                  "label": item.label(lang), "old_at": where(item.old_at) or None,
                                  "new_at": where(item.new_at) or None, **cites.json(item.citation),
                                  "wording": item.wording, "details": details}
        if item.absorbed_by:
            change["absorbed_by"] = list(item.absorbed_by)
        changes.append(change)
    out: dict[str, Any] = {"old": side(policy_diff.old), "new": side(policy_diff.new), "same": policy_diff.same,
                           "same_meaning": all(i.wording for i in policy_diff.items),
                           "notes": notes_json(policy_diff.notes, lang), "changes": changes}
    if impact is not None:
        out["impact"] = impact_json(impact, lang, policy_diff, warnings_file)
    if found is not None:
        out["witnesses"] = [{"level": x.level, "old": x.old, "new": x.new, "household": jsonable(x.household)}
                            for x in found]
    return out


def impact_json(impact: Impact, lang: str, policy_diff: PolicyDiff | None = None,
                warnings_file: Path | None = None) -> dict[str, Any]:
    from cli.diff_warned import warned_json

    w = Words(lang)  # JSON names categories and measures by id
    cites = Citations(lang, policy_diff)
    cited = {c.key: cites.json(c.item.citation) for c in impact.components}

    def matrix(counts: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
        return [{"old": o, "new": n, "count": c} for (o, n), c in sorted(counts.items())]

    return {
        "date": impact.date.isoformat(), "records": impact.records, "evaluated": impact.evaluated,
        "dated_by": "--date" if impact.forced else "household",
        "dates": [{"date": d.isoformat(), "households": n} for d, n in sorted(impact.dated.items())],
        "undated": impact.undated,
        "matrix": {"household": matrix(impact.households), "member": matrix(impact.members)},
        "changes_applied": [{"key": c.key, "description": w.component(c), **cited[c.key], **(
            {"clauses": [{"id": clause, **cites.json(citation)} for clause, citation in c.clauses]}
            if c.clauses else {}), **(
            {"with": list(impact.needs[c.key])} if c.key in impact.needs else {})} for c in impact.components],
        "unusable": {k: d.to_json() for k, d in impact.unusable.items()},
        "changed": [{"id": c.id, "source": c.source, "old": _outcome_json(c.old), "new": _outcome_json(c.new),
                     "causes": [{"change": x.key, **cited.get(x.key, {}), "with": list(x.needs),
                                 "result": _outcome_json(x.result), "exact": x.exact} for x in c.causes],
                     "combination": list(c.combination)} for c in impact.changed],
        "assistance": {
            "unit": "yuan/year",
            "measures": [{"id": t.id, "department": t.department, "has_amount": t.priced, "old_count": t.old_count,
                          "new_count": t.new_count, "old_zero": t.old_zero, "new_zero": t.new_zero,
                          "old_amount": machine(t.old_amount, "rate"), "new_amount": machine(t.new_amount, "rate")}
                         for t in impact.measures.values()],
            "departments": [{"id": t.id, "old_count": t.old_count, "new_count": t.new_count, "old_zero": t.old_zero,
                             "new_zero": t.new_zero, "old_amount": machine(t.old_amount, "rate"),
                             "new_amount": machine(t.new_amount, "rate")} for t in impact.departments()]},
        "bad": [{"source": b.source, "household": b.household, "policy": b.policy,
                 "diagnostics": [d.to_json() for d in b.diagnostics]} for b in impact.bad],
        "stray": [{"source": b.source, "diagnostics": [d.to_json() for d in b.diagnostics]} for b in impact.stray],
        "repeated_ids": impact.repeated_ids,
        "notes": notes_json(impact.notes, lang),
        "warned": warned_json(impact.warned, warnings_file),
    }
