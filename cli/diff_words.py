"""The words of a `policy diff` report in one language: section and change names, the policies' labels, values
and their changes, places and citations — shared by the text, markdown, HTML and JSON forms.

Input: a language and, optionally, the `PolicyDiff` (for its labels). Output: strings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from cli.diff_citations import Citations
from engine.diagnostics import Span
from engine.diff.changes import Detail, ItemChange, KeptLimit, Mark, PolicyDiff
from engine.diff.hybrid import Component
from engine.diff.impact import NONE, combined
from engine.explain.phrases import static_for
from engine.explain.words import quoted_label
from engine.model import Abolished, Category, Label, Policy
from engine.render import bracketed
from engine.setting_words import TYPE_WORDS, department_name, setting_words
from engine.values import (
    UNIT_WORDS,
    grouped,
    in_quotes,
    labels_listed,
    mark_after,
    minus_sign,
    plain_number,
    quotes_within,
)
from engine.wording import WORDS as RULE_WORDS
from engine.wording import ends_in_bracket

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政策差异", "same": "两个版本含义相同：没有差异", "changes": "{n} 处变化（其中 {w} 处仅为措辞）",
        "policy": "元数据", "parameters": "参数", "inputs": "输入字段", "income": "收入类型", "expenses": "支出类型",
        "definitions": "定义", "indicators": "指标", "categories": "类别", "abolished": "已取消的类别",
        "departments": "部门", "assistance": "帮扶措施", "process": "流程",
        "added": "新增", "removed": "删除", "changed": "修改", "wording": "措辞",
        "absorbed": "自 {since} 起取消 → 并入{to}",
        "derived": "由变化的参数计算而来，其规则未变", "none": "无", "old": "旧", "new": "新", "both": "两版",
        "none_legend": "无（户级矩阵中：没有户级类别，成员仍可能是特困人员；成员级矩阵中：没有成员级类别）",
        "kept_limit": "{aspect}未变：{figure}",
        "counted": "计入收入", "exempt": "不计入收入", "rigid": "刚性支出", "not_rigid": "非刚性支出",
        "impact": "对 {n} 户的影响（评估日期 {date}）", "impact_own": "对 {n} 户的影响（各户按自带日期评估：{dates}）",
        "impact_own_one": "对 {n} 户的影响（按自带日期评估：{dates}）",
        "impact_none": "对 {n} 户的影响（没有一户能够评估）", "impact_none_one": "对 {n} 户的影响（无法评估）",
        "own_one": "全部 {n} 户为 {day}", "own_both": "全部 {n} 户为 {day}", "own_alone": "{day}",
        "own_evaluated": "已评估的 {n} 户均为 {day}", "own_evaluated_one": "已评估的 1 户为 {day}",
        "own_some": "{n} 户为 {day}", "own_range": "{first} 至 {last}",
        "own_range_some": "{n} 户在 {first} 至 {last} 之间", "undated": "无日期的 {n} 户按今天 {today}",
        "counts": "已评估 {evaluated} 户，类别变化 {changed} 户，无法评估的记录 {bad} 条",
        "matrix_households": "户级类别：旧（行）→ 新（列）", "matrix_members": "成员级类别：旧（行）→ 新（列）",
        "total": "合计", "causes": "变化原因", "transition": "变化", "moved": "户数（人数）", "cause": "原因",
        "cause_of": "原因（其中 {n} 户）", "of_them": "其中 {n} 户：{causes}",
        "absorbed_where": "“{label}”取消，并入{to}：这是政策规定该类别对象的去向；各户实际落入哪个类别见上表，"
                          "每户按新版本的规则认定{landed}。",
        "absorbed_none": "——原属该类别的 {held} 户中，{none} 户不符合任何户级类别的条件，计入“无”（表中 none 列）",
        "absorbed_none_one": "——原属该类别的 {held} 户中，{none} 户不符合任何户级类别的条件，计入“无”（表中 none 列）",
        "absorbed_none_alone": "——原属该类别的 1 户不符合任何户级类别的条件，计入“无”（表中 none 列）",
        "absorbed_where_members": "“{label}”取消，并入{to}：这是政策规定该类别对象的去向；各成员实际落入哪个类别见"
                                  "成员级矩阵，每人按新版本的规则认定{landed}。",
        "absorbed_none_members": "——原属该类别的 {held} 名成员中，{none} 名不符合任何成员级类别的条件，"
                                 "计入“无”（表中 none 列）",
        "absorbed_none_members_one": "——原属该类别的 {held} 名成员中，{none} 名不符合任何成员级类别的条件，"
                                     "计入“无”（表中 none 列）",
        "absorbed_none_members_alone": "——原属该类别的 1 名成员不符合任何成员级类别的条件，计入“无”（表中 none 列）",
        "households": "类别变化的家庭（前 {shown} 户，共 {n} 户）", "all_households": "类别变化的家庭（共 {n} 户）",
        "alone": "单独即得新结果", "partly": "单独改变结果，得 {result}", "together": "需组合：{keys}",
        "no_cause": "任何单项变化单独都不改变结果", "with": "（须连同{keys}一起应用）",
        "assistance_totals": "帮扶金额（按年计，按月发放的计评估日起一年内发放的月数）", "by_department": "按部门",
        "measure": "措施", "department": "部门", "recipients": "人次/户次（有金额或服务）", "amount": "金额",
        "pair_notes": "关于这两个文件", "bad": "无法评估的记录（{n} 条）", "stray": "不属于任何一户的行（{n} 行）",
        "stray_count": "，另有 {n} 行不属于任何一户", "notes": "关于输入（报告中的数字以此为前提）",
        "unusable": "无法单独应用的变化",
        "witnesses": "示例家庭（边界值搜索，已在两个版本下复核）", "level_household": "户级", "level_member": "成员级",
        "to_confirm": "⚠ {n} 户的类别变化取决于待确认的数值：{names}——{note}",
        "to_confirm_one": "⚠ 1 户的类别变化取决于待确认的数值：{names}——{note}",
        "to_confirm_grounds": "⚠ {n} 户的类别变化取决于待确认的认定条件：{names}——{note}",
        "to_confirm_grounds_one": "⚠ 1 户的类别变化取决于待确认的认定条件：{names}——{note}",
        "confirm_clause": "类别{id}的条款{clause}（{version}：{at}）", "version_old": "旧版本", "version_new": "新版本",
        "changes_applied": "逐项应用的变化", "member": "成员", "legend": "类别名称", "join": "；",
        "unchanged": "{categories}（不变）", "same_witness": "（即上文的 {id}）",
        "unshown": "没有为{change}找到示例家庭：搜索只改变各项标准附近的收入、存款和刚性支出，每次只改一个家庭字段；"
                   "请为这项变化写一个测试用例（`policy test`）",
        "unshown_move": "{move}：没有找到示例家庭；--households 中有 {n} 户这样变化（第一户：{first}，{source}），"
                        "而搜索每次只改一个家庭字段，没有遇到它；这户即是一例，可用 `policy eval` 按两个版本分别查看",
        "unshown_fields": "没有为{change}找到示例家庭：它读取旧版本没有的输入 {fields}，"
                          "旧版本拒绝给出它的家庭（H002），因此没有家庭能在两个版本下都得到认定；"
                          "请为这项变化写一个测试用例（`policy test`）",
        "unshown_fields_many": "没有为{change}找到示例家庭：它读取旧版本没有的输入 {fields}，"
                               "旧版本拒绝给出其中任何一项的家庭（H002），因此没有家庭能在两个版本下都得到认定；请为这项变化写一个测试用例"
                               "（`policy test`）",
        "unshown_expenses": "没有为{change}找到示例家庭：旧版本没有支出类型 {type}，会拒绝给出这类支出的家庭（H003），"
                            "因此没有家庭能在两个版本下都得到认定；请为这项变化写一个测试用例（`policy test`）",
        "unshown_income": "没有为{change}找到示例家庭：旧版本没有收入类型 {type}，会拒绝给出这类收入的家庭（H003），"
                          "因此没有家庭能在两个版本下都得到认定；请为这项变化写一个测试用例（`policy test`）",
        "renamed": "{new}（旧版本称“{old}”）",
        "zero": "金额为 0 的人次",
        "heat_legend": "绿色：类别未变 · 红色：类别变化 · 颜色越深，户数越多",
        "bars_legend": "灰色：旧 · 蓝色：新（{unit}）", "record": "记录", "side": "版本", "code": "代码",
        "message": "说明", "colon": "：", "refused_without": "缺少它的家庭记录将被拒绝",
        "left_out": "合计只含两个版本下都已评估的 {n} 户：{bad} 条无法评估的记录未计入（{why}）",
        "left_out_one": "合计只含两个版本下都已评估的 {n} 户：{bad} 条无法评估的记录未计入（{why}）",
        "left_out_old": "旧版本拒绝 {n} 条", "left_out_new": "新版本拒绝 {n} 条",
        "left_out_both": "两个版本都拒绝 {n} 条", "left_out_unread": "无法读取 {n} 条",
        "part_year": "评估日起一年内停发的按月帮扶只计发放的月数（成员生日、条件中的日期或政策到期使其停发，"
                     "即 policy eval --explain 所说“至”的那一天）：旧版本 {old} 项，新版本 {new} 项",
        "part_year_starts": "评估日起一年内开始或停发的按月帮扶只计发放的月数（成员生日、条件中的日期或"
                            "政策到期使其开始或停发，即 policy eval --explain 所说“至”的那一天或所说带来该帮扶的"
                            "生日）：旧版本 {old} 项，新版本 {new} 项；其中评估日尚未发放、自开始之日起的首次发放"
                            "计起的，旧版本 {old_starts} 项，新版本 {new_starts} 项",
        "written": "原文", "household_id": "家庭编号", "bad_group": "{n} 条记录",
        "untranslated": "政策未写{lang}{aspect}",
        "shared_help": "提示（以上 {n} 条 {code} 问题）：",
        "bad_more": "另有 {n} 行未列出：--show 0 列出全部，JSON 和 HTML 报告列出每条记录",
    },
    "en": {
        "title": "Policy diff", "same": "the two versions mean the same: no differences",
        "changes": "changes: {n} ({w} in wording only)",
        "untranslated": "no {lang} {aspect} in the policy",
        "policy": "Metadata", "parameters": "Parameters", "inputs": "Inputs", "income": "Income types",
        "expenses": "Expense types", "definitions": "Definitions", "indicators": "Indicators",
        "categories": "Categories", "abolished": "Abolished categories", "departments": "Departments",
        "assistance": "Assistance measures", "process": "Process",
        "added": "added", "removed": "removed", "changed": "changed", "wording": "wording",
        "absorbed": "abolished from {since} → absorbed by {to}",
        "derived": "computed from changed parameters; its rule is unchanged",
        "kept_limit": "{aspect} unchanged: {figure}",
        "none": "none", "old": "old", "new": "new", "both": "both", "counted": "counted", "exempt": "not counted",
        "rigid": "rigid",
        "none_legend": "in the household matrix, no household-level category (a member may still be tekun); in the "
                       "member matrix, no member-level category",
        "not_rigid": "not rigid", "impact": "Impact on {n} on {date}",
        "impact_own": "Impact on {n}, each on its own date ({dates})",
        "impact_own_one": "Impact on {n}, on its own date ({dates})",
        "impact_none": "Impact on {n} (none could be evaluated)",
        "impact_none_one": "Impact on {n} (it could not be evaluated)",
        "own_one": "{day} for all {n}", "own_both": "{day} for both", "own_alone": "{day}",
        "own_evaluated": "{day} for the {n} evaluated", "own_evaluated_one": "{day} for the one evaluated",
        "own_some": "{day} for {n}", "own_range": "{first} to {last}",
        "own_range_some": "{first} to {last} for {n}", "undated": "today, {today}, for {n} without one",
        "counts": "evaluated {evaluated}, categories changed for {changed}, bad records {bad}",
        "matrix_households": "Household categories: old (rows) → new (columns)",
        "matrix_members": "Member categories: old (rows) → new (columns)", "total": "total",
        "causes": "Causes", "transition": "transition", "moved": "moved", "cause": "cause",
        "cause_of": "cause ({n} of them)", "of_them": "{n} of them: {causes}",
        "absorbed_where": "“{label}” is abolished, absorbed by {to}: that is where the policy sends the category's "
                          "cases; where its households land is the matrix above, each decided by the new version's "
                          "rules{landed}.",
        "absorbed_none": " — {none} of the {held} households that held it meet no household category's rule and "
                         "are in none",
        "absorbed_none_one": " — {none} of the {held} households that held it meets no household category's rule "
                             "and is in none",
        "absorbed_none_alone": " — the one household that held it meets no household category's rule and is in none",
        "absorbed_where_members": "“{label}” is abolished, absorbed by {to}: that is where the policy sends the "
                                  "category's cases; where its members land is the member matrix, each decided by "
                                  "the new version's rules{landed}.",
        "absorbed_none_members": " — {none} of the {held} members who held it meet no member category's rule and "
                                 "are in none",
        "absorbed_none_members_one": " — {none} of the {held} members who held it meets no member category's rule "
                                     "and is in none",
        "absorbed_none_members_alone": " — the one member who held it meets no member category's rule and is in none",
        "households": "Households whose categories changed (first {shown} of {n})",
        "all_households": "Households whose categories changed ({n})",
        "alone": "alone gives the new result", "partly": "alone changes the result, to {result}",
        "together": "together: {keys}", "no_cause": "no single change alters the result on its own",
        "with": " (applied with {keys}, which it needs)",
        "assistance_totals":
            "Assistance per year (monthly payments for the months paid in the year from the day decided)",
        "by_department": "By department", "measure": "measure", "department": "department",
        "recipients": "grants (paid or served)", "amount": "amount", "bad": "Bad records ({n})",
        "stray": "Rows of no household ({n})", "stray_count": "; rows of no household {n}",
        "pair_notes": "About the two files",
        "notes": "About the input (the figures of the report rest on it)",
        "unusable": "Changes that cannot be applied on their own",
        "witnesses": "Example households (boundary search, re-checked under both versions)",
        "level_household": "household", "level_member": "member", "changes_applied": "Changes applied one at a time",
        "to_confirm": "⚠ the moves of {n} households rest on values to confirm: {names} — {note}",
        "to_confirm_one": "⚠ the move of 1 household rests on values to confirm: {names} — {note}",
        "to_confirm_grounds": "⚠ the moves of {n} households rest on grounds to confirm: {names} — {note}",
        "to_confirm_grounds_one": "⚠ the move of 1 household rests on grounds to confirm: {names} — {note}",
        "confirm_clause": "clause {clause} of {id} ({version}: {at})", "version_old": "old version",
        "version_new": "new version",
        "member": "member", "legend": "Category names", "join": "; ", "zero": "grants of 0.00",
        "unchanged": "{categories} (unchanged)", "same_witness": " (the household {id} above)",
        "unshown": "no example household found for {change}: the search varies incomes, deposits and rigid expenses "
                   "near the policies' thresholds and one household field at a time; write a test case for this "
                   "change (`policy test`)",
        "unshown_move": "{move}: no example household found; households of --households that make this move: {n} "
                        "(the first: {first}, {source}); the search, changing one household field at a time, did "
                        "not meet it: that household is an example, see it with `policy eval` under each version",
        "unshown_fields": "no example household found for {change}: it reads {fields}, an input the old version does "
                          "not have, and the old version refuses every household that gives it (H002), so no "
                          "household is decided by both; write a test case for this change (`policy test`)",
        "unshown_fields_many": "no example household found for {change}: it reads {fields}, inputs the old version "
                               "does not have, and the old version refuses every household that gives one of them "
                               "(H002), so no household is decided by both; write a test case for this change "
                               "(`policy test`)",
        "unshown_expenses": "no example household found for {change}: the old version has no expense type {type} and "
                            "refuses every household that gives one (H003), so no household is decided by both; "
                            "write a test case for this change (`policy test`)",
        "unshown_income": "no example household found for {change}: the old version has no income type {type} and "
                          "refuses every household that gives one (H003), so no household is decided by both; write "
                          "a test case for this change (`policy test`)",
        "renamed": "{new} (“{old}” in the old version)",
        "heat_legend": "green: same categories · red: moved · shade ∝ count",
        "bars_legend": "grey: old · blue: new ({unit})", "record": "source", "side": "policy", "code": "code",
        "message": "message", "colon": ": ", "refused_without": "household records without it are refused",
        "left_out": "the totals are those of the {n} households evaluated under both versions: the {bad} bad records "
                    "are left out ({why})",
        "left_out_one": "the totals are those of the {n} households evaluated under both versions: the {bad} bad "
                        "record is left out ({why})",
        "left_out_old": "{n} refused by the old version", "left_out_new": "{n} refused by the new version",
        "left_out_both": "{n} refused by both versions",
        "left_out_unread": "{n} not readable",
        "part_year": "monthly grants that stop within the year from the day decided count only the months paid (a "
                     "member's birthday, a date in their conditions or the policy's end stops them: the day policy "
                     "eval --explain gives as “until”): {old} under the old version, {new} under the new",
        "part_year_starts": "monthly grants that start or stop within the year from the day decided count only "
                            "the months paid (a member's birthday, a date in their conditions or the policy's end "
                            "starts or stops them: the day policy eval --explain gives as “until”, or the birthday it "
                            "says brings them): {old} under the old version, {new} under the new; of them, "
                            "{old_starts} under the old version and {new_starts} under the new are not given on the "
                            "day decided and are counted from the first payment on or after the day they start",
        "written": "as written", "household_id": "household", "bad_group": "{n} records",
        "shared_help": "help (for the {n} {code} findings above): ",
        "bad_more": "{n} more lines not listed: --show 0 lists them all; JSON and the HTML report list every record",
    },
}


ASPECTS: dict[str, dict[str, str]] = {
    "zh": {"value": "值", "computed": "计算值", "limit": "界限", "lower limit": "下限", "upper limit": "上限",
           "computed amount": "计算金额", "expression": "规则",
           "clause": "条款", "option": "选项", "when": "条件", "amount": "金额",
           "label": "名称", "note": "说明", "source": "依据", "confirm": "待确认说明", "counted": "计入",
           "share": "计入比例", "share_rule": "计入比例规则",
           "rigid": "刚性", "level": "层级", "group": "互斥组", "match": "匹配方式",
           "order": "组内顺序", "department": "部门", "per": "发放周期", "type": "类型", "values": "取值",
           "default": "默认值", "has_default": "有默认值", "required": "必填，无默认值", "nullable": "可为空",
           "given_with": "须同时填写",
           "plausible": "合理范围", "minimum": "最小值", "maximum": "最大值", "kind": "种类", "absorbed_by": "并入",
           "abolished_from": "取消日期",
           "title": "标题",
           "version": "版本", "effective": "有效期", "id": "标识", "review_working_days": "审核工作日",
           "special_case_working_days": "特殊情况工作日", "date": "日期", "url": "网址", "test": "条件",
           "clause order": "条款顺序", "clause id": "条款标识", "option order": "选项顺序", "clause label": "条款名称",
           "clause confirm": "条款待确认说明",
           "clause source": "条款依据", "option label": "选项名称", "option source": "选项依据",
           "value label": "取值名称",
           "member_description": "成员描述", "cited_as": "引用时称", "article": "条款表述",
           "process": "办理流程"},  # as `policy doc` heads it
    "en": {"computed": "computed value", "member_description": "member description", "cited_as": "cited as",
           "expression": "rule",  # as the rule language and `规则` name it, not a word of the parser
           "per": "paid",
           "required": "required, no default", "share_rule": "share rule",
           "given_with": "given with", "plausible": "plausible range", "absorbed_by": "absorbed by",
           "abolished_from": "abolished from",
           "has_default": "has a default", "review_working_days": "review working days",
           "special_case_working_days": "special-case working days"},
}


# the entry a section's settings belong to, as `engine.setting_words` knows them
SETTING_OWNERS = {"categories": "category", "definitions": "definition", "indicators": "definition",
                  "assistance": "measure"}


COMPONENT_WORDS = {
    "zh": {"parameters": "参数 {id}", "inputs": "输入字段 {id}", "income": "收入类型 {id}", "expenses": "支出类型 {id}",
           "definitions": "定义 {id}", "indicators": "指标 {id}", "assistance": "措施 {id}",
           "categories": "类别 {id}", "categories.when": "类别 {id} 的条款 {clauses}",
           "categories.when.short": "类别 {id}（{counts}）",
           "clauses.removed": "删去 {n} 个条款", "clauses.added": "新增 {n} 个条款",
           "clauses.changed": "修改 {n} 个条款",
           "categories.settings": "类别 {id} 的设置", "categories.order": "互斥组 {id} 内的顺序",
           "categories.order.before": "互斥组 {id} 内{moved}移到{other}之前",
           "categories.order.after": "互斥组 {id} 内{moved}移到{other}之后", "abolished": "取消类别 {id}",
           "removed": "删除类别 {id}", "added": "新增类别 {id}"},
    "en": {"parameters": "parameter {id}", "inputs": "input {id}", "income": "income type {id}",
           "expenses": "expense type {id}", "definitions": "definition {id}", "indicators": "indicator {id}",
           "assistance": "measure {id}", "categories": "category {id}", "categories.when": "{clause} {clauses} of {id}",
           "categories.when.short": "clauses of {id} ({counts})",
           "clauses.removed": "{n} removed", "clauses.added": "{n} added", "clauses.changed": "{n} changed",
           "categories.settings": "level/group/match of {id}", "categories.order": "order within exclusive group {id}",
           "categories.order.before": "in exclusive group {id}, {moved} moved before {other}",
           "categories.order.after": "in exclusive group {id}, {moved} moved after {other}",
           "abolished": "abolition of {id}", "removed": "removal of {id}", "added": "new category {id}"},
}


# the languages a label is written in, as each language names them
LANGUAGES = {"zh": {"zh": "中文", "en": "Chinese"}, "en": {"zh": "英文", "en": "English"}}
# a field as the note that the policy lacks it in the report's language names it, where `ASPECTS` gives no noun
UNTRANSLATED_ASPECTS: dict[str, dict[str, str]] = {"zh": {}, "en": {"cited_as": "“cited as” name"}}


# the aspects of a detail whose rule is a yes or no, worded as a condition
CONDITIONS = {"clause", "option", "when", "test"}


SIGN = {"added": "+", "removed": "-", "changed": "~", "abolished": "-"}


def where(span: Span | None) -> str:
    return f"{span.file}:{span.line}" if span else ""


def places(old: Span | None, new: Span | None) -> str:
    if old and new:
        return f"{where(old)} → {where(new)}"
    return where(old or new)


def aside(text: str, lang: str) -> str:
    """What the report says in brackets right after what it is of, in the brackets of its language: ` (removed)`,
    `（删除）` — a Chinese report puts no space before its full-width bracket. Rules keep their own brackets."""
    return bracketed(text, lang == "zh")


def apart(text: str, lang: str) -> str:
    """What the report says in brackets after its gap of two spaces (a place, a note): `(…)`, `（…）`."""
    return f"（{text}）" if lang == "zh" else f"({text})"


def detail_where(d: Detail, w: Words, shown: set[str]) -> tuple[str, str]:
    """Where a detail is written (empty when its item already said that place) and what it cites: a clause's
    or an option's citation, on the first of its details."""
    at = places(d.old_at, d.new_at)
    seen = at in shown
    shown.add(at)
    return ("" if seen else at), w.cites.text(d.citation)


def _told_apart(labels: dict[str, str], lang: str, other: dict[str, str]) -> dict[str, str]:
    """Labels of categories, each with its id where several categories have one label, in either version (`other`
    the other version's) — a category renamed keeps its Chinese label, and `最低生活保障对象 → 最低生活保障对象` would
    say nothing of the move."""
    ids: dict[str, set[str]] = {}
    for said in (labels, other):
        for c, label in said.items():
            ids.setdefault(label, set()).add(c)
    shared = {label for label, those in ids.items() if len(those) > 1}
    return {c: label + aside(c, lang) if label in shared and label != c else label for c, label in labels.items()}


class Words:
    """Words in one language; given the diff, the policies' labels for what people read (JSON keeps ids)."""

    def __init__(self, lang: str, policy_diff: PolicyDiff | None = None):
        self.lang = lang
        self.policy_diff = policy_diff
        self.w = WORDS[lang]
        self.cites = Citations(lang, policy_diff, self.w["none"])
        self.labels: dict[str, dict[str, str]] = {"categories": {}, "assistance": {}, "departments": {}, "names": {},
                                                  "clauses": {}, "options": {}}
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
                for option in m.options:
                    if option.label is not None:
                        self.labels["options"][f"{m.id}.{option.id}"] = option.label.get(lang, option.id)
            for table in (policy.parameters, policy.definitions, policy.income, policy.expenses):
                for name, item in table.items():
                    self.labels["names"][name] = item.label.get(lang, name)
            for f in policy.inputs.values():
                self.labels["names"][f"{f.level}:{f.name}"] = f.label.get(lang, f.name)
        self.labels["departments"] = {d: department_name(policies, d, lang) for p in policies for d in p.departments}
        # a category of the old version's outcomes by the old version's label (`old=True`): renamed, it is not
        # what the old policy called it
        old_labels = {c.id: c.label.get(lang, c.id) for c in policies[0].categories} if policies else {}
        self.old_labels = _told_apart(old_labels, lang, self.labels["categories"])
        self.labels["categories"] = _told_apart(self.labels["categories"], lang, old_labels)
        ids = [[c.id for c in policy.categories] for policy in policies]
        self.order = {c: i for i, c in enumerate(merged_order(*ids))} if ids else {}

    def in_order(self, label: str) -> tuple[bool, tuple[tuple[int, str], ...]]:
        """Where a matrix puts a combined label (`dibao+monitoring`): its categories as the policy file lists them
        (a category only one version has in its place there), `none` last."""
        return label == NONE, tuple((self.order.get(c, len(self.order)), c) for c in label.split("+"))

    def __call__(self, key: str, **values: Any) -> str:
        return self.w[key].format(**values)

    @property
    def colon(self) -> str:
        """What joins a word of the report to its value: `值: …` in English, `值：…` in Chinese (no space after the
        full-width colon); colons of data (places, expressions, ids) are not this."""
        return self.w["colon"]

    def aside(self, text: str) -> str:
        """`text` in brackets right after what it is of: `（删除）`, ` (removed)`."""
        return aside(text, self.lang)

    def apart(self, text: str) -> str:
        """`text` in brackets after the report's gap of two spaces: `（policy/a.yaml:42）`, `(policy/a.yaml:42)`."""
        return apart(text, self.lang)

    def report_title(self, policy_diff: PolicyDiff, quote: Callable[[str], str] = str) -> str:
        """The report's title: each file (as `quote` writes it: as code in markdown, `md_code`) with its version in
        brackets."""
        old, new = (f"{quote(p.file)}{self.aside(p.meta.version)}" for p in (policy_diff.old, policy_diff.new))
        return f"{self('title')}{self.colon}{old} → {new}"

    def before_lines(self, name: str, where: str) -> str:
        """A detail's name with its place in brackets, said before the lines that follow it under a colon:
        `value (policy/a.yaml:285 → policy/b.yaml:285)` / `值（policy/a.yaml:285 → policy/b.yaml:285）`."""
        return name + aside(where, self.lang) if where else name

    def entry(self, item: ItemChange) -> tuple[str, str]:
        """What an entry's heading says before its id, and the id: an input's level in the words of `policy doc`
        and the explanations (`家庭：`, `member: `), its id without it (`household:assets.deposits` is JSON's); an
        exclusive group as such (`互斥组 tier`, JSON's `group tier`)."""
        if item.section == "inputs":
            level, _, name = item.id.partition(":")
            return setting_words("definition", "level", level, self.lang) + self.colon, name
        if item.section == "categories" and item.id.startswith("group "):  # as `policy doc` names it: `互斥组 tier`
            return ("互斥组 " if self.lang == "zh" else "exclusive group "), item.id.removeprefix("group ")
        return "", item.id

    def details(self, item: ItemChange) -> tuple[Detail, ...]:
        """The details a report lists of an entry: those of the diff, and, for a category added or removed whose
        clauses are alternatives (`match: any`), its match said above its clauses (`匹配方式：满足任一条款即可`), as
        `policy doc` says it — listed alone, they would read as conditions all required. JSON keeps the diff's."""
        if item.section != "categories" or item.change == "changed" or self.policy_diff is None:
            return item.details
        policy = self.policy_diff.new if item.change == "added" else self.policy_diff.old
        category = policy.category(item.id)
        if category is None or category.match != "any":
            return item.details
        said = Detail("match", "added" if item.change == "added" else "removed", *(
            (None, category.match) if item.change == "added" else (category.match, None)))
        first = next((i for i, d in enumerate(item.details) if d.aspect == "clause"), len(item.details))
        return (*item.details[:first], said, *item.details[first:])

    def abolished(self, item: ItemChange) -> str:
        """What the heading of a category the new version abolishes says after its label: from which day, and the
        categories that absorb it (`自 2026-01-01 起取消 → 并入最低生活保障对象、…`) — the day the entry's `from:`
        gives, else the new version's first day, as its explanations tell households."""
        since = ""
        if self.policy_diff is not None:
            new = self.policy_diff.new
            gone = next((g for g in new.abolished if g.id == item.id), None)
            since = new.abolished_since(gone).isoformat() if gone is not None else ""
        return self("absorbed", since=since, to=self.category_list(item.absorbed_by))

    def aspect(self, name: str) -> str:
        return ASPECTS[self.lang].get(name, name)

    def item_label(self, item: ItemChange) -> str:
        """What an entry's heading names it by beside its id: its label, a field of the metadata and the process by
        what they are, in either language (`version — 版本`, `title — title`, `process — 办理流程`); a source by the
        name citations give it in the report's language (`大政发〔2024〕47号`), else its title."""
        if item.section == "policy" and item.id.startswith("source "):
            return item.label(self.lang)
        if item.section in ("policy", "process"):
            return self.aspect(item.id) if item.id in ASPECTS["zh"] else ""  # the Chinese table names every aspect
        return item.label(self.lang)

    def untranslated(self, label: Label, aspect: str) -> tuple[str, str]:
        """A text the policy writes in each language (`aspect`: what it is, `title`) as the report's reader reads it
        (`said_in`), and what the report says of it where it is the other language's: `no English title in the policy`
        (else nothing)."""
        text, lang = said_in(label, self.lang)
        lacking = UNTRANSLATED_ASPECTS[self.lang].get(aspect) or self.aspect(aspect)
        return text, "" if lang == self.lang else self("untranslated", lang=LANGUAGES[self.lang][self.lang],
                                                          aspect=lacking)

    def source_named_by(self, item: ItemChange) -> str:
        """The field a source's heading names it by in the report's language (`changes._source_name`,
        `Source.named_by`): `cited_as` or `title`, in the version it is named from."""
        if self.policy_diff is None:
            return "title"
        policy = self.policy_diff.new if item.new_label is not None else self.policy_diff.old
        source = next((s for s in policy.meta.sources if f"source {s.id}" == item.id), None)
        return source.named_by(self.lang) if source is not None else "title"

    def heading_aside(self, item: ItemChange) -> str:
        """What a heading says of its entry in brackets after its label: that it was added or removed, and of a source
        named in the other language alone, so that the heading does not pass it off as the report's, what its title
        says (`某镇通知 (added; no English title in the policy)`; of one named by `cited_as`, that name: `no English
        “cited as” name in the policy`) — in one bracket, as two are never read side by side."""
        said = [self(item.change)] if item.change in ("added", "removed") else []
        label = item.new_label or item.old_label
        if item.section == "policy" and item.id.startswith("source ") and label is not None:
            said += [note for note in [self.untranslated(label, self.source_named_by(item))[1]] if note]
        return self.aside(("；" if self.lang == "zh" else "; ").join(said)) if said else ""

    def heading_label(self, item: ItemChange) -> str:
        """What a report's heading names an entry by beside its id: its `item_label`, but for a metadata entry or the
        process named in the report's language by its id itself (`~ title`, not `~ title — title`; `~ title — 标题`),
        and a source in Chinese said to be one, as `policy doc` heads the sources (`~ source dsz-2024-47 — 依据
        大政发〔2024〕47号`; the id says so in English)."""
        label = self.item_label(item)
        if item.section == "policy" and item.id.startswith("source "):
            return f"{self.aspect('source')} {label}" if self.lang == "zh" else label
        return "" if item.section in ("policy", "process") and label == item.id else label

    def named(self, kind: str, id: str) -> str:
        """The label of a category, measure or department, or its id when there is none."""
        return self.labels[kind].get(id, id)

    def setting(self, section: str, aspect: str, value: str) -> str:
        """A setting written as an id, as `policy doc` says it: a department by its label, an input's type in words,
        a measure's `level: member` as `按人`, its `per: month` as `按月`…; other values as written."""
        if aspect == "department":
            return self.named("departments", value)
        if aspect == "type":  # an input's type, as `policy doc` says it: `是/否`, `金额（元）`
            return TYPE_WORDS[self.lang].get(value, value)
        return setting_words(SETTING_OWNERS.get(section, section), aspect, value, self.lang)

    def input_value(self, key: str, value: str, old: bool = False) -> str:
        """A value of an input (`key`: `member:sex`) with the label the policy gives it, as `policy doc` says it:
        `male（男）`; the value alone where it has none. `old`: by the old version's label."""
        policies = () if self.policy_diff is None else \
            (self.policy_diff.old, self.policy_diff.new)[::1 if old else -1]
        for policy in policies:
            field = policy.inputs.get(key)
            label = dict(field.value_labels).get(value) if field is not None else None
            if label is not None:
                said = label.get(self.lang, value)
                if said != value:
                    return f"{value}（{said}）" if self.lang == "zh" else f"{value} ({in_quotes(said)})"
        return value

    def category(self, category: str, old: bool = False) -> str:
        """A category by its label; `old`: as the old version names it (a category it renamed by its old label)."""
        return (self.old_labels.get(category) if old else None) or self.named("categories", category)

    def categories(self, ids: Iterable[str], old: bool = False) -> str:
        """Categories held at once, by their labels: `最低生活保障对象 + 防止返贫监测对象`; `none` for none. `old`: held
        under the old version, each by the label the old version gives it."""
        if not self.labels["categories"]:
            return combined(ids)
        return " + ".join(self.category(c, old) for c in ids) or self.w["none"]

    def legend_label(self, category: str) -> str:
        """A category's label for the legend of matrices that name both versions' categories: both labels where
        the new version renamed it."""
        new, old = self.named("categories", category), self.old_labels.get(category)
        return new if old is None or old == new else self.w["renamed"].format(new=new, old=quotes_within(old))

    def category_list(self, ids: Iterable[str], old: bool = False, order: bool = False) -> str:
        """Categories named by their labels, as a sentence lists them, as explanations name them: `最低生活保障对象、
        特困人员` / `“…”, “…” and “…”` — unquoted, `… rigid expenses and other person in hardship` would read as one
        label; an `order`, one after the other (`dibao, dibao margin`): the arrow between two orders says what
        moved."""
        names = [self.category(c, old) for c in ids]
        if order:
            return ("、" if self.lang == "zh" else ", ").join(names)
        return labels_listed(names, self.lang)

    def component(self, c: Component, short: bool = False, marked: bool = True) -> str:
        """A change applied on its own, by the labels of what it changes; `short` (in a cause, where the list of
        changes applied one at a time has named them): a category's changed clauses, when more than one, by their
        number; without `marked`, no clause's label marked ⚠ (`clause`)."""
        table = COMPONENT_WORDS[self.lang]
        if c.part == "order":
            return self._reordered(c, table)
        kind = {"categories": "categories", "assistance": "assistance"}.get(c.section, "names")
        label = self.labels[kind].get(c.id)
        shown = in_quotes(label) if label else c.id
        key = f"{c.section}.{c.part}" if c.part else c.section
        if c.section == "categories" and c.part is None:
            key = c.item.change if c.item.change in ("abolished", "removed", "added") else "categories"
        # a clause removed and one added under the same label are one name to a reader, said once
        clauses = list(dict.fromkeys(self.clause(c.item, clause, marked) for clause, _ in c.clauses))
        if short and len(clauses) > 1:
            key += ".short"
        # counted by what became of them: 2 removed and 2 added are not 4 clauses of a category that has 2
        made = Counter(d.change for d in c.item.details if d.aspect == "clause" and not d.wording)
        counts = [table[f"clauses.{change}"].format(n=made[change]) for change in ("removed", "added", "changed")
                  if made[change]]
        join = "、" if self.lang == "zh" else ", "
        text = table[key].format(id=shown, clauses=join.join(clauses), counts=join.join(counts),
                                 clause="clause" if len(clauses) == 1 else "clauses")
        if self.lang == "zh":  # no space beside Chinese quotation marks: 类别“…”的条款“…”
            text = text.replace(" “", "“").replace("” ", "”") if label else text.replace("条款 “", "条款“")
        return text

    def confirmed_clauses(self, c: Component, note: Label) -> str:
        """The clauses of a category's change that carry the `confirm` note, each with the version that holds it and
        where (`clause “…” of “…” (new version: policy/post-transition.yaml:468)`): the other clauses the change
        adds or removes are settled, and naming them would send an auditor to the county for the document's own
        rules. The change by its labels where no clause carries it. No clause is marked ⚠: the line that names them
        is (`confirm_lines`)."""
        category = in_quotes(self.labels["categories"][c.id]) if c.id in self.labels["categories"] else c.id
        said = [self.w["confirm_clause"].format(
                    id=category, clause=self.clause(c.item, d.item, False), version=self.w[f"version_{side}"],
                    at=where(d.old_at if side == "old" else d.new_at))
                for d in c.item.details if d.aspect == "clause" and d.item is not None and d.confirm == note
                for side in ("old" if d.change == "removed" else "new",)]
        return ("、" if self.lang == "zh" else ", ").join(dict.fromkeys(said)) or self.component(c, marked=False)

    def _reordered(self, c: Component, table: dict[str, str]) -> str:
        """A group's new order as the move of one category, by the categories' labels
        (`互斥组 tier 内“刚性支出困难家庭成员”移到“低保边缘家庭成员”之前`); the group alone where no one move
        makes it."""
        group = c.id.removeprefix("group ")
        order = next((d for d in c.item.details if d.aspect == "order"), None)
        move = moved(order.old, order.new) if order is not None else None
        if move is None:
            return table["categories.order"].format(id=group)
        category, direction, other = move
        return table[f"categories.order.{direction}"].format(
            id=group, moved=in_quotes(self.named("categories", category)),
            other=in_quotes(self.named("categories", other)))

    def detail_name(self, d: Detail, item: ItemChange, code: tuple[str, str] = ("", ""),
                    escape: Callable[[str], str] = str) -> str:
        """What a detail is about: its aspect, then the clause or option it is of by id (`code` around it) with its
        label in the report's language beside it, as `policy doc` names it (`条款 hardship（住房或饮水不安全、…）`),
        marked ⚠ where it is a ground to confirm (`confirm:`), as an explanation marks the clause, and where the
        label writes the figure of a parameter to confirm (`金额 monitoring（防止返贫监测对象按50%救助）⚠`,
        `界限 deposits（人均存款不超过24个月低保标准）⚠`, `Detail.label_figures`), as that figure is marked; where
        the detail is the label itself, or the label is the id, the id alone (`条款 hardship ⚠`: after a space, as
        after a bare word, `mark_after`). A parameter's value moved by the parameters it is
        computed from, its rule unchanged, is its computed value (`计算值`), as a definition's is (JSON keeps the
        aspect `value`)."""
        name = self.aspect("computed" if d.aspect == "value" and d.derived else d.aspect)
        if not d.item:
            return name
        of, _, lang = d.item.rpartition(".") if "." in d.item or d.item in LANGUAGES else ("", "", "")
        if lang in LANGUAGES:  # a label's text in one language: `标题（英文）`, `条款名称 income（英文）`
            return name + (f" {code[0]}{of}{code[1]}" if of else "") + self.aside(LANGUAGES[lang][self.lang])
        name += f" {code[0]}{d.item}{code[1]}"
        kind = {"categories": "clauses", "assistance": "options"}.get(item.section)
        label = self.labels[kind].get(f"{item.id}.{d.item}") if kind and not d.aspect.endswith("label") else None
        ground = d.kind == "expr" and d.confirm is not None
        if not label or label == d.item:  # the id alone, a bare word: `条款 hardship ⚠`
            return name + (mark_after(name, self.lang) if ground else "")
        said = name + (f"（{escape(label)}）" if self.lang == "zh" else f" ({in_quotes(escape(label))})")
        # where it writes a figure to confirm, marked as the figure is
        return said + (mark_after(said, self.lang) if ground or _writes_figure(d, label) else "")

    def worded(self, d: Detail, item: ItemChange, side: str) -> str | None:
        """One side of a changed rule as `policy doc` words it (`490 元/月`, `灾害及意外事故损失 > 0`), a measure's
        amount per month where it is paid monthly, each parameter's figure in that side's version beside its label
        where the rule first names it, marked ⚠ where it is a value to confirm, as `policy doc` marks it — a
        condition's as an amount's (`家庭年人均收入 < 防止返贫监测收入范围（7,300.00 元/年 ⚠）`,
        `防止返贫监测对象医疗救助比例（50% ⚠） × …`): a reader of what was removed or added would otherwise look each
        one up in that version's file, or take a figure to confirm for a settled one; None where the words are the
        text as written."""
        rule = d.rules[0 if side == "old" else 1]
        if rule is None or self.policy_diff is None:
            return None
        policy = self.policy_diff.old if side == "old" else self.policy_diff.new
        documented = static_for(policy).phrases(self.lang).documented
        if d.aspect in CONDITIONS:
            said = documented.condition(rule.node)
        else:
            measure = next((a for a in policy.assistance if a.id == item.id), None) \
                if item.section == "assistance" else None
            said = documented.words(rule.node, measure is not None and measure.per == "month")
        return None if said == rule.text else said

    def beside(self, worded: str | None, written: str) -> str:
        """A rule in words with the rule as the file writes it beside it (both already formatted), for whoever edits
        the file: `490 元/月（原文：«490 yuan/month»）`, after a comma where the words end in a bracket of their own
        (`年满 60 周岁（退休年龄），原文：…`); the rule as written alone where it has no other words."""
        if worded is None:
            return written
        if ends_in_bracket(worded):  # after a comma, `…（退休年龄），原文：…`: `…）（原文：…）` is heard as the name's
            return f"{worded}，{self.w['written']}：{written}" if self.lang == "zh" else \
                f"{worded}, {self.w['written']}: {written}"
        return f"{worded}（{self.w['written']}：{written}）" if self.lang == "zh" else \
            f"{worded} ({self.w['written']}: {written})"

    def clause(self, category: ItemChange, clause: str, marked: bool = True) -> str:
        """A category's clause by its label, quoted (`“人均存款不超过24个月低保标准”`): what a reader who does not read
        the YAML can find in `policy doc` and the explanations; marked ⚠ after its quotes where the label writes the
        figure of a parameter to confirm (`“…”⚠`, `Detail.label_figures`), as an explanation quotes it and as the
        change's detail marks it; its id where it has no label. Not `marked` in a line that is itself marked ⚠ as
        resting on what is to confirm (`confirm_lines`): one mark a line."""
        label = self.labels["clauses"].get(f"{category.id}.{clause}")
        if not label:
            return clause
        return quoted_label(label, self.lang, marked and any(d.item == clause and _writes_figure(d, label)
                                                             for d in category.details))

    def cited_component(self, c: Component, short: bool = False) -> str:
        """A change applied on its own, with what the entry it changes cites: `参数“…” [大政发〔2024〕47号 附件1]`;
        a category's clauses by what each changed clause cites (`类别“…”的条款 deposits [大政发〔2024〕47号 附件1]`),
        not by the category's article."""
        citations = [cites for _, cites in c.clauses] or [c.item.citation]
        said = dict.fromkeys(text for text in map(self.cites.text, citations) if text)  # each article once
        cited = ("；" if self.lang == "zh" else "; ").join(said)
        return self.component(c, short) + (f" [{cited}]" if cited else "")


def _writes_figure(d: Detail, label: str) -> bool:
    """Whether `label`, a clause's or an option's in the report's language, writes a figure to confirm its detail
    `d` reads."""
    return any(f.label == label for f in d.label_figures)


def moved(before: list[str], after: list[str]) -> tuple[str, str, str] | None:
    """The one category whose move makes `before` into `after`: (it, "before" or "after", the category it now
    follows or precedes); None when no one category's move does. Categories only one order has are left out."""
    old = [c for c in before if c in after]
    new = [c for c in after if c in before]
    swapped = [(x, y) for i, x in enumerate(new) for y in new[i + 1:] if old.index(x) > old.index(y)]
    if not swapped:
        return None
    for category in dict.fromkeys(x for pair in swapped[:1] for x in pair):  # the one that came forward first
        if all(category in pair for pair in swapped):
            ahead = [y for x, y in swapped if x == category]  # those it now comes before
            if ahead:
                return category, "before", min(ahead, key=new.index)
            return category, "after", max((x for x, _ in swapped), key=new.index)
    return None


def merged_order(old: list[str], new: list[str]) -> list[str]:
    """The entries of both versions in the policy's order: the new version's, each that only the old one has
    after the entry it follows there."""
    out = list(new)
    for i, entry in enumerate(old):
        if entry not in out:
            before = [x for x in old[:i] if x in out]
            out.insert(out.index(before[-1]) + 1 if before else 0, entry)
    return out


def _money_unit(unit: str | None, lang: str) -> str:
    words = UNIT_WORDS[lang]
    return {"rate": words["rate"], "amount": words["amount"], "month": words["month"],
            "duration": words["duration"]}.get(unit or "", "")


def _number(value: Any, unit: str | None) -> str:
    if isinstance(value, Decimal) and unit in ("rate", "amount", "month"):
        return grouped(value)
    if isinstance(value, Decimal):
        return minus_sign(plain_number(value))
    return str(value)


def _signed(change: Decimal, text: str) -> str:
    """A change as people read it: `+4.1`, `−16.7` with the minus sign (the JSON report keeps `-16.7`), and `0.0`
    for one that rounds to nothing either way."""
    return ("+" if change > 0 else "") + minus_sign(text)


def relative(change: Decimal | None, lang: str) -> str:
    """` (+4.1%)`, ` (−16.7%)`, `（+4.1%）` in Chinese; nothing where there is no change to relate (the old figure
    nothing)."""
    return "" if change is None else aside(f"{_signed(change, str(change))}%", lang)


def figure(value: Any, unit: str | None, lang: str) -> str:
    """One figure with its unit: `9,180.00 元/年`."""
    said = _money_unit(unit, lang)
    return _number(value, unit) + (f" {said}" if said else "")


def value_change(d: Detail, lang: str) -> str:
    """`5,880.00 → 6,120.00 元/年（+4.1%）`, a value of text quoted as explanations quote one (`“D” → “C”`); a share
    written as a percentage as one, with the change in points: `20% → 25%（+5 个百分点）`, not `0.2 → 0.25（+25.0%）`.
    A figure that rests on a value to confirm (`Detail.confirm`) is marked ⚠ beside it, `6,120.00 元/年 ⚠（+4.1%）`,
    as `policy doc` and the rules of the report mark it; its note is said under the line (`detail_notes`)."""
    mark = " ⚠" if d.confirm is not None else ""
    if d.percent and isinstance(d.old, Decimal | None) and isinstance(d.new, Decimal | None):
        text = " → ".join(f"{minus_sign(plain_number(v * 100))}%" for v in (d.old, d.new) if v is not None) + mark
        if d.old is not None and d.new is not None:
            points = _signed(d.new - d.old, plain_number((d.new - d.old) * 100))
            text += aside(f"{points} 个百分点" if lang == "zh" else f"{points} percentage points", lang)
        return text
    unit = _money_unit(d.unit, lang)
    # a value of text (an enum value) in quotes, as explanations say one: `“D” → “C”`
    parts = [RULE_WORDS[lang]["quote"].format(v=v) if isinstance(v, str) else _number(v, d.unit)
             for v in (d.old, d.new) if v is not None]
    return " → ".join(parts) + (f" {unit}" if unit else "") + mark + relative(d.relative, lang)


def _scalar(value: Any, d: Detail, w: Words, item: ItemChange, old: bool = False) -> str:
    section = item.section
    if value is None:
        return w("none")
    if isinstance(value, Label):  # an added or removed source's title
        text, note = w.untranslated(value, d.aspect)
        return text + (w.aside(note) if note else "")
    if d.kind == "flag":
        yes, no = ("counted", "exempt") if d.aspect == "counted" else ("rigid", "not_rigid")
        return w(yes) if value else w(no)
    if d.aspect == "required":  # an input added without a default
        return w("refused_without")
    if d.kind == "list" and d.aspect in ("absorbed_by", "order"):
        return w.category_list(value, old, order=d.aspect == "order") or w("none")
    if d.kind == "list":
        return ", ".join(str(v) for v in value) or w("none")
    if isinstance(value, bool):  # a setting's flag, or a yes or no an input defaults to
        return UNIT_WORDS[w.lang]["yes" if value else "no"]
    if section == "inputs" and d.aspect == "default" and isinstance(value, str):
        return w.input_value(item.id, value, old)
    return w.setting(section, d.aspect, value) if isinstance(value, str) else str(value)


def said_in(label: Label, lang: str) -> tuple[str, str]:
    """A text the policy writes in each language as a reader of `lang` reads it, and the language it is in: the
    other language's where the policy gives none in `lang`."""
    other = "en" if lang == "zh" else "zh"
    return (getattr(label, lang), lang) if getattr(label, lang) else (getattr(label, other) or "", other)


def setting_change(d: Detail, item: ItemChange, w: Words) -> str:
    """A setting's change in words, for every form of the report: `按户 → 按人`, `民政部门 → 无`; the value alone
    where the setting is new, and where its whole entry is added or removed (the entry's heading says which)."""
    old, new = _scalar(d.old, d, w, item, old=True), _scalar(d.new, d, w, item)
    if d.change == "added":
        return new
    if d.change == "removed" and item.change in ("added", "removed", "abolished"):
        return old
    if d.aspect == "has_default" and d.old and not d.new:  # as an input added without a default says it
        return f"{old} → {new}" + w.aside(w("refused_without"))
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


def kept_limit(k: KeptLimit, lang: str) -> str:
    """`界限未变：9,180.00 元/年`, `limit unchanged: 9,180.00 yuan/year`."""
    return WORDS[lang]["kept_limit"].format(aspect=ASPECTS[lang].get(k.aspect, k.aspect),
                                            figure=figure(k.value, k.unit, lang))


def detail_notes(d: Detail, lang: str) -> list[str]:
    """What is said under a detail: `note: the label was not changed and still writes 24, …` under a changed rule
    whose label was left behind (`Detail.stale_label`); `limit unchanged: 9,180.00 yuan/year` under a changed rule
    that writes a limit otherwise as the same figure (`Detail.kept_limits`); `⚠ local value to confirm …` under a
    value that rests on a figure the document does not give (`Detail.confirm`), as `policy doc` and `policy eval`
    mark it, and under the first detail of an option or a clause whose label writes such a figure
    (`Detail.label_confirm`)."""
    from cli.common import HEADS

    out = [HEADS["note"].in_lang(lang) + d.stale_label.said(lang).in_lang(lang)] if d.stale_label else []
    out += [kept_limit(k, lang) for k in d.kept_limits]
    if d.confirm is not None:
        out.append(f"⚠ {d.confirm.get(lang)}")
    if d.label_confirm not in (None, d.confirm) and any(f.lang == lang for f in d.label_figures):
        out.append(f"⚠ {d.label_confirm.get(lang)}")
    return out


def pair_lines(policy_diff: PolicyDiff, lang: str) -> list[str]:
    """What is amiss with the two files as a pair (`PolicyDiff.notes`), each as standard error said it."""
    from cli.common import HEADS

    return [HEADS[level].in_lang(lang) + said.in_lang(lang) for level, said in policy_diff.notes]
