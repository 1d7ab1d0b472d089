"""Checks that the parts of a policy agree with one another, outside its expressions.

Input: a `Checker` whose rules have been typed (so that it knows which names are used). Output:
diagnostics for an effective period that ends before it starts (C014), input declarations whose
bounds or default cannot hold (`engine.inputs.declaration_problems`), value labels of values an
input does not have (C003), a `given_with` that names no other input of the same level (C030), a `plausible`
range that cannot be one (C032), abolished categories still defined or absorbed by no category (C012)
or abolished from after the version's first day (C039), a category that an earlier one of its group
always takes first (C006, a warning), a group of one category (C018, a warning; C023, an error, where its
name is a slip of another group's), parameters, member definitions, and household definitions and
indicators that no rule reads (C005, a warning), and departments that no measure names (C040, a warning).
Invariant: each check reads the policy and the checker and only adds diagnostics.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

from engine.checker.hints import copied_category_hint, did_you_mean, listed, suggested
from engine.checker.inference import Checker
from engine.diagnostics import Diagnostic, Said
from engine.inputs import declaration_problems
from engine.model import Category, Plausible, Policy
from engine.spelling import only_digits_differ
from engine.syntax import ast
from engine.syntax.chinese import label_help
from engine.syntax.printer import number_text
from engine.values import plain_number

ZERO, ONE = Decimal(0), Decimal(1)


def check_effective(checker: Checker) -> None:
    """The effective period's `to:` is on or after its `from:` (C014)."""
    meta = checker.policy.meta
    if meta.effective_to is not None and meta.effective_to < meta.effective_from:
        start, end = meta.effective_from.isoformat(), meta.effective_to.isoformat()
        checker.error("C014", Said(f"the effective period ends on {end}, before it starts on {start}",
                                   f"生效期的结束日期 {end} 早于开始日期 {start}"),
                      checker.at(("policy", "effective", "to"), meta.effective_span),
                      Said(f"`to:` is the last day in force: write a date on or after {start}, or swap the two dates",
                           f"`to:` 是政策有效的最后一天：请写 {start} 当天或之后的日期，或把两个日期对调"))


def check_inputs(checker: Checker) -> None:
    """Each input's declaration holds together, and its value labels name declared values (C003)."""
    for f in checker.policy.inputs.values():
        for code, message, hint, key in declaration_problems(f):
            checker.error(code, message, checker.at(("inputs", f.level, f.name, key), f.span), hint)
        for value, _ in f.value_labels:
            if value not in f.values:
                close = difflib.get_close_matches(value, f.values, n=1)
                checker.error("C003", Said(f"`{value}` under `value_labels` is not one of the values of `{f.name}`",
                                           f"`value_labels` 下的 `{value}` 不是 `{f.name}` 的可选值"),
                              checker.at(("inputs", f.level, f.name, "value_labels", value), f.span, key=True),
                              Said(did_you_mean(close[0]), did_you_mean(close[0], "zh")) if close else
                              Said(f"the values are {listed(f.values)}", f"可选值有：{listed(f.values, 'zh')}"))


def check_given_with(checker: Checker) -> None:
    """What an input's `given_with` names is another input of the same level (C030): a member's grade can be
    given only with something of that same member, and a name the policy does not declare would refuse nothing."""
    policy = checker.policy
    for f in policy.inputs.values():
        mine = [g.name for g in policy.input_fields(f.level) if g.name != f.name]
        other_level = "member" if f.level == "household" else "household"
        level = _LEVEL[f.level]
        for index, other in enumerate(f.given_with):
            if other in mine or checker.unknown_inputs.get(other) == f.level:  # (one that could not be built)
                continue
            span = checker.at(("inputs", f.level, f.name, "given_with", index), f.span)
            if other == f.name:
                message = Said(f"`{f.name}` is to be given with itself", f"`{f.name}` 要求与它自己同时填写")
                hint = Said("name the other inputs a household must give with it, or remove `given_with`",
                            "请写出必须与它同时填写的其他项目，或删去 `given_with`")
            elif f"{other_level}:{other}" in policy.inputs:
                theirs = _LEVEL[other_level]
                message = Said(f"`{other}` is {theirs.en}, and `{f.name}` {level.en}: only inputs of the same level "
                               "are given together",
                               f"`{other}` 是{theirs.zh}，而 `{f.name}` 是{level.zh}："
                               "只有同一层级的项目才能要求同时填写")
                hint = Said(f"name inputs declared under `inputs: {f.level}:`",
                            f"请写 `inputs: {f.level}:` 下声明的项目")
            else:
                labels = {g.label.zh: g.name for g in policy.input_fields(f.level) if g.name != f.name and g.label.zh}
                message = Said(f"`{other}` is not {level.en}", f"`{other}` 不是{level.zh}")
                hint = (label_help(other, labels, unique=True) or suggested(other, mine)
                        or Said(f"the {f.level} inputs are {listed(mine)}", f"{level.zh}有：{listed(mine, 'zh')}"))
            checker.error("C030", message, span, hint)


def check_plausible(checker: Checker) -> None:
    """Each `plausible:` range is one (C032): its `min` is not above its `max`, it is set on a figure, and the
    likely mistake it says below or above the range has that end of the range to be said of."""
    policy = checker.policy
    entries: list[tuple[tuple[str, ...], str | None, Plausible | None]] = [
        *((("inputs", f.level, f.name), f.type, f.plausible) for f in policy.inputs.values()),
        *((("income", name), None, i.plausible) for name, i in policy.income.items()),
        *((("expenses", name), None, e.plausible) for name, e in policy.expenses.items())]
    for at, kind, plausible in entries:
        if plausible is None:
            continue
        path = (*at, "plausible")
        if kind is not None and kind not in ("money", "integer", "number"):
            checker.error("C032", Said(f"`plausible` is a range of figures, and `{at[-1]}` is {_KIND[kind].en}",
                                       f"`plausible` 是数值的合理范围，而 `{at[-1]}` 是{_KIND[kind].zh}"),
                          checker.at(path, plausible.span, key=True),
                          Said("remove `plausible`: only money, integer and number inputs have one",
                               "请删去 `plausible`：只有金额、整数和数值类的项目才有合理范围"))
            continue
        low, high = plausible.minimum, plausible.maximum
        if low is not None and high is not None and low > high:
            a, b = plain_number(low), plain_number(high)
            checker.error("C032", Said(f"the plausible range ends before it starts: `min` {a} is above `max` {b}",
                                       f"合理范围的下限 `min` {a} 大于上限 `max` {b}"),
                          checker.at((*path, "min"), plausible.span),
                          Said("swap the two numbers, or correct the one mistyped",
                               "请对调两个数，或改正写错的那个"))
        for said, end, name in (("if_below", low, "min"), ("if_above", high, "max")):
            if getattr(plausible, said) is not None and end is None and (low, high) != (None, None):
                checker.error("C032", Said(f"`{said}` says the mistake behind a value out of the range, but the "
                                           f"range has no `{name}`",
                                           f"`{said}` 说明超出合理范围的可能原因，但该范围没有 `{name}`"),
                              checker.at((*path, said), plausible.span, key=True),
                              Said(f"add `{name}: …`, or remove `{said}`", f"请补上 `{name}: …`，或删去 `{said}`"))
        if low is None and high is None:
            checker.error("C032", Said("the plausible range has neither `min` nor `max`",
                                       "合理范围既没有 `min` 也没有 `max`"),
                          checker.at(path, plausible.span, key=True),
                          Said("write `min: …`, `max: …` or both, or remove `plausible`",
                               "请写 `min: …`、`max: …` 或两者都写，或删去 `plausible`"))


# how a finding names an input of each kind that has no plausible range
_KIND = {"boolean": Said("a yes/no input", "是/否项"), "date": Said("a date", "日期"),
         "enum": Said("an input with a list of values", "取值固定的项目"), "text": Said("a text", "文本")}


# how a finding names an input of each level
_LEVEL = {"household": Said("an input of the household", "家庭的信息项"),
          "member": Said("an input of each member", "成员的信息项")}


def check_abolished(checker: Checker) -> None:
    """An abolished category is no longer defined, and what absorbs it is a category (C012); its own `from:` is
    no later than the version's first day (C039)."""
    ids = {c.id for c in checker.policy.categories}
    order = [c.id for c in checker.policy.categories]
    first_day = checker.policy.meta.effective_from.isoformat()
    for index, gone in enumerate(checker.policy.abolished):
        if gone.effective_from is not None and gone.effective_from > checker.policy.meta.effective_from:
            since = gone.effective_from.isoformat()
            checker.error("C039", Said(f"`{gone.id}` is abolished from {since}, after this version's first day, "
                                       f"{first_day}",
                                       f"`{gone.id}` 自 {since} 起取消，晚于本版本的第一天 {first_day}"),
                          checker.at(("abolished", index, "from"), gone.span),
                          Said(f"this version has no `{gone.id}` from its first day: write the day it was "
                               f"abolished, on or before {first_day}, or leave `from:` out to mean {first_day}",
                               f"本版本从第一天起就没有 `{gone.id}`：请写它被取消的日期（{first_day} 当天或之前），"
                               f"或删去 `from:`，即按 {first_day} 计"))
        if gone.id in ids:
            checker.error("C012", Said(f"`{gone.id}` is abolished but still defined as a category",
                                       f"`{gone.id}` 已取消，但仍被定义为类别"),
                          checker.at(("abolished", index, "id"), gone.span),
                          Said("remove it from `categories` or from `abolished`",
                               "请把它从 `categories` 或 `abolished` 中删去"))
        for j, target in enumerate(gone.absorbed_by):
            if target == gone.id:
                checker.error("C012", Said(f"`{gone.id}` is absorbed by itself", f"`{gone.id}` 并入了它自己"),
                              checker.at(("abolished", index, "absorbed_by", j), gone.span),
                              Said(f"name the categories of this version that take in its households: one or "
                                   f"more of {listed(order, last='or')}", f"请写出本版本中接收原属该类别家庭的类别："
                                   f"{listed(order, 'zh')} 中的一个或几个"))
            elif target not in ids:
                checker.error("C012", Said(f"`{gone.id}` is absorbed by `{target}`, which is not a category",
                                           f"`{gone.id}` 并入 `{target}`，但 `{target}` 不是类别"),
                              checker.at(("abolished", index, "absorbed_by", j), gone.span),
                              suggested(target, ids) or copied_category_hint(target, checker.twice)
                              or Said(f"name categories of this file: one or more of {listed(order, last='or')}",
                                      f"请写本文件中已有的类别：{listed(order, 'zh')} 中的一个或几个"))


def check_reachability(checker: Checker) -> None:
    """Warn of a category of a group whose clauses include all those of an earlier one (C006)."""
    seen: dict[tuple[str, str], list[Category]] = {}
    for category in checker.policy.categories:
        if category.group is None or category.match != "all":
            continue
        clauses = {c.test.node for c in category.clauses}
        for earlier in seen.get((category.group, category.level), []):
            if {c.test.node for c in earlier.clauses} <= clauses:
                checker.warning("C006", Said(f"category `{category.id}` can never be assigned",
                                             f"类别 `{category.id}` 永远不会被认定"), category.span,
                                Said(f"`{earlier.id}` comes first in group `{category.group}` and its "
                                     "conditions are the same or weaker: reorder or tighten them",
                                     f"在分组 `{category.group}` 中，`{earlier.id}` 排在前面，且它的条件相同或更宽："
                                     "请调整顺序或收紧条件"))
                break
        seen.setdefault((category.group, category.level), []).append(category)


def check_groups(checker: Checker) -> None:
    """A group makes its categories exclude one another, so a group of one excludes nothing. One whose name
    is a slip of another group's (`teir` beside `tier`) is an error (C023): its category is then assigned
    alongside that group's, which no policy can mean. Any other group of one is only unusual: a warning
    (C018). A slip is looked for first among the groups of several categories, then among the groups named
    earlier; of two groups of one with close names, the one named later is reported, with the earlier name.
    Names that differ only in their digits (`tier1`, `tier2`) may be a series: a warning, with the other name."""
    members: dict[str, list[int]] = {}
    categories = checker.policy.categories
    for index, category in enumerate(categories):
        if category.group is not None:
            members.setdefault(category.group, []).append(index)
    names = list(members)  # in the order the file first names them
    for group, (index, *others) in members.items():
        if others or group in checker.unread:  # a category that could not be built may be its other one
            continue
        position = names.index(group)
        meant = (_close_group(group, [n for n in names if len(members[n]) > 1])
                 or _close_group(group, names[:position]))
        if meant is None and _close_group(group, names[position + 1:]):
            continue  # the later name is the slip, most likely: it is reported there
        category = categories[index]
        span = checker.at(("categories", index, "group"), category.span)
        alone = Said(f"group `{group}` holds only `{category.id}`", f"分组 `{group}` 只有 `{category.id}` 一个类别")
        if meant is not None and not only_digits_differ(group, meant):
            theirs = [categories[i].id for i in members[meant]]
            with_them = Said("it", "它") if len(theirs) == 1 else Said("any of them", "其中任何一个")
            checker.error("C023", Said(f"{alone.en}, while group `{meant}` holds {_some(theirs)}: `{category.id}` "
                                       f"can be assigned together with {with_them.en}",
                                       f"{alone.zh}，而分组 `{meant}` 有 {_some(theirs, 'zh')}：`{category.id}` "
                                       f"可能与{with_them.zh}同时被认定"),
                          span, Said(did_you_mean(meant), did_you_mean(meant, "zh")))
            continue
        checker.warning("C018", Said(f"{alone.en}, so it excludes no other category",
                                     f"{alone.zh}，因此不会排除任何其他类别"), span,
                        Said(did_you_mean(meant), did_you_mean(meant, "zh")) if meant else
                        Said("give it the group of the categories it should exclude, or remove `group:`",
                             "请把它归入与之互斥的类别所在的分组，或删去 `group:`"))


def _close_group(group: str, names: list[str]) -> str | None:
    """The name among `names` that `group` is most likely a slip of; names of a word or two: strictly."""
    close = difflib.get_close_matches(group, [n for n in names if n != group], n=1, cutoff=0.75)
    return close[0] if close else None


def _some(ids: list[str], lang: str = "en") -> str:
    """Up to three ids, and how many more: `a`, `b`, `c` and 2 others."""
    shown = listed(ids[:3], lang)
    if len(ids) <= 3:
        return shown
    return f"{shown} 以及另外 {len(ids) - 3} 个类别" if lang == "zh" else f"{shown} and {len(ids) - 3} others"


def check_unused(checker: Checker) -> None:
    """Warn of parameters, member definitions, and household definitions and indicators that no rule reads (C005).
    A household definition or indicator is still listed under `values` in every decision, so the warning says
    that this is all it does: most often one a category or measure was meant to read (a county's new indicator
    left out of the clause it was written for), and the county's rule changes no decision."""
    p = checker.policy
    used = checker.used | checker.unread  # a rule that did not parse, or an entry left out, may read them
    for name, param in p.parameters.items():
        if name not in used:
            checker.warning("C005", Said(f"parameter `{name}` is never used", f"参数 `{name}` 没有被任何规则使用"),
                            param.span, _REMOVE_OR_USE)
    for name, d in p.definitions.items():
        if name in used or (d.indicator and d.level == "member"):
            continue
        if d.level == "member":
            checker.warning("C005", Said(f"member definition `{name}` is never used",
                                         f"成员定义 `{name}` 没有被任何规则使用"), d.span, _REMOVE_OR_USE)
            continue
        kind = Said("indicator", "指标") if d.indicator else Said("definition", "定义")
        checker.warning("C005", Said(f"{kind.en} `{name}` is read by no rule, so it decides nothing",
                                     f"{kind.zh} `{name}` 没有被任何规则使用，不影响任何认定结果"), d.span, _ONLY_SHOWN)
    _check_unread_before_read(checker, used)


def check_unused_departments(checker: Checker) -> None:
    """Warn of a department no measure names (C040): a leftover of a measure moved to another department, or one
    that was to be written. Not while a measure names an unknown department, which most likely means this one."""
    p = checker.policy
    named = {m.department for m in p.assistance}
    if named - p.departments.keys():
        return
    for name in p.departments:
        if name in named or name in checker.unread:  # a measure that could not be built may name it
            continue
        checker.warning("C040", Said(f"department `{name}` is named by no measure",
                                     f"部门 `{name}` 没有被任何救助措施使用"),
                        checker.at(("departments", name), None, key=True),
                        Said(f"remove it, or write `department: {name}` in the measure it carries out",
                             f"请删除它，或在它负责的救助措施中写上 `department: {name}`"))


def _check_unread_before_read(checker: Checker, used: set[str]) -> None:
    """Warn of a category no rule reads placed before one that rules read in its exclusive group (C036): a
    household meeting both is the first's, and loses what the second gives — most often a category added beside
    the others (`dibao_single` before `dibao`) without the measures and definitions that name them."""
    if any(d.code == "C001" for d in checker.diagnostics):  # a rule reading a name no longer there (a category
        return  # renamed): what reads which category is known once that is mended
    categories = checker.policy.categories
    for i, category in enumerate(categories):
        if category.group is None or category.id in used:
            continue
        after = next((c for c in categories[i + 1:] if c.group == category.group and c.id in used), None)
        if after is None:
            continue
        readers = [m.id for m in checker.policy.assistance
                   if any(n.dotted == after.id for o in m.options for n in ast.names_in(o.when.node))]
        given = Said(f" ({', '.join(f'`{r}`' for r in readers)})", f"（{'、'.join(f'`{r}`' for r in readers)}）") \
            if readers else Said("", "")
        checker.warning("C036", Said(
            f"`{category.id}` comes before `{after.id}` in group `{category.group}` and no rule reads it: a household "
            f"that meets both is `{category.id}`, and gets none of what `{after.id}` gives{given.en}",
            f"`{category.id}` 在 `{category.group}` 组中排在 `{after.id}` 之前，且没有任何规则读取它：同时符合两者的"
            f"家庭归入 `{category.id}`，得不到 `{after.id}` 的任何救助{given.zh}"), category.span, Said(
            f"name `{category.id}` where `{after.id}` is named, in the measures and definitions its households "
            f"should receive; or, if it is not meant to take them, move it after `{after.id}`",
            f"请在 `{after.id}` 出现的救助措施和定义中同样写上 `{category.id}`；如果它不应取代 `{after.id}`，"
            f"请把它移到 `{after.id}` 之后"))


_REMOVE_OR_USE = Said("remove it, or use it in a rule", "请删除它，或在规则中用到它")
_ONLY_SHOWN = Said("it is only listed under `values` in each decision: use it in a category's clause or in a "
                   "measure; if it is meant only to be shown there, leave it",
                   "它只列在每份认定结果的 `values` 中：请在类别的条款或救助措施中用到它；"
                   "如果它本来就只用于显示，可以保留")


# what a parameter's name or label says when it holds a share: a part of something, not a multiple of it
_SHARE_NAME = re.compile(r"(?:^|_)(?:share|rate|ratio|percent|percentage|proportion)(?:_|$)")
_SHARE_WORDS = ("比例", "比率", "百分比", "占比", "share", "percentage", "proportion")


def check_share_parameters(checker: Checker) -> None:
    """Warn of a parameter whose name or label says it is a share, written as a plain number above 1 (C020):
    `rigid_expense_share: value: 50` where the document says 50%, which makes a rule ask for fifty times
    the household's income and passes every other check."""
    policy = checker.policy
    # one an income share reads is C017's, at the share, once its value is known
    in_shares = {name for income in policy.income.values() if income.share is not None
                 for name in policy.reads(income.share.node)}
    for name, param in policy.parameters.items():
        node = param.expr.node
        if not isinstance(node, ast.Number) or node.value <= 1 or name in in_shares:
            continue
        labels = f"{param.label.zh or ''} {param.label.en or ''}".lower()
        if not _SHARE_NAME.search(name) and not any(word in labels for word in _SHARE_WORDS):
            continue
        text = number_text(node.value)
        checker.warning("C020", Said(f"`{name}` is a share, but `{text}` is a plain number: {text} times what it "
                                     "multiplies",
                                     f"`{name}` 是比例，但 `{text}` 是不带百分号的数字：乘上去会得到原值的 {text} 倍"),
                        param.expr.span, Said(did_you_mean(f"{text}%"), did_you_mean(f"{text}%", "zh")))


def check_uncounted_shares(checker: Checker) -> None:
    """Warn of a `share` on an income type that is not counted (C037): all of such income is exempt, so the
    share is not used, and one of the two keys says what the writer did not mean."""
    for name, income in checker.policy.income.items():
        if income.counted or income.share is None:
            continue
        line = checker.at(("income", name, "counted"), income.span).line
        share = income.share.text
        checker.warning("C037", Said(f"the share `{share}` of `{name}` is not used: `{name}` is not counted "
                                     f"(`counted: false`, line {line}), so none of it is counted income",
                                     f"`{name}` 的计入比例 `{share}` 不起作用：`{name}` 不计入收入"
                                     f"（第 {line} 行 `counted: false`），其中任何部分都不计入"),
                        income.share.span,
                        Said("if that part of it counts, write `counted: true`; if none of it counts, delete `share:`",
                             "如果其中这一部分计入收入，请写 `counted: true`；如果全部不计入，请删去 `share:`"))


def share_problems(policy: Policy) -> list[Diagnostic]:
    """Each income share, computed, lies between 0% and 100% (C017). Run once the parameters have values:
    a share such as `1 - employment_cost_rate` is wrong only through the value of what it reads."""
    from engine.policy_values import share_values

    found = []
    for name, value in share_values(policy).items():
        if ZERO <= value <= ONE:
            continue
        income = policy.income[name]
        assert income.share is not None
        shown = f"{plain_number(value * 100)}%"
        found.append(Diagnostic.said(
            "C017", Said(f"the share of `{name}` comes out at {shown}: a share lies between 0% and 100%",
                         f"`{name}` 的计入比例算出来是 {shown}：比例应在 0% 到 100% 之间"),
            income.share.span, help=_percent_forgotten(policy, income.share.node)))
    return found


def _percent_forgotten(policy: Policy, node: ast.Node) -> Said:
    """The likely slip behind a share out of range: a percentage written as a plain number."""
    written: list[tuple[Said | None, ast.Number]] = [(None, node)] if isinstance(node, ast.Number) else []
    for name in sorted(policy.reads(node)):
        parameter = policy.parameters.get(name)
        if parameter is not None and isinstance(parameter.expr.node, ast.Number):
            line = parameter.expr.span.line
            written.append((Said(f"`{name}` (line {line}) ", f"`{name}`（第 {line} 行）"), parameter.expr.node))
    for named, number in written:
        if number.value > 1:
            text = number_text(number.value)
            subject = Said(f"{named.en}is written", f"{named.zh}写的是") if named else \
                Said("it is written", "这里写的是")
            return Said(f"{subject.en} `{text}`, a plain number: did you mean `{text}%`?",
                        f"{subject.zh} `{text}`，是不带百分号的数字：{did_you_mean(f'{text}%', 'zh')}")
    return Said("a share is a percentage, e.g. `80%`, or a number from 0 to 1",
                "比例应写成百分数，例如 `80%`，或写成 0 到 1 之间的数")
