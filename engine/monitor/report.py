"""Alerts → text for the desk, markdown for reports, JSON and CSV for other tools.

Input: `Alert`s (already in order) and the settings they were computed with.
Output: a string. Invariants: the same alerts render to the same bytes; JSON
keeps machine values (decimal strings, ISO dates, gaps as fractions); CSV has
one row per alert with a fixed header; text and markdown group alerts by kind. A clause that is a ground to confirm
(`confirm:`) is marked ⚠ where it is said, its note given once at the end, as explanations give it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from engine.diagnostics import id_shown, shell_word
from engine.markdown_text import CodeSlots, md_quote, md_text
from engine.monitor.alerts import KINDS, Alert, Switch
from engine.monitor.reasons import categories_named
from engine.monitor.voids import void_words
from engine.render import clause_label, confirm_lines, ground_mark
from engine.spreadsheet import for_spreadsheets
from engine.values import UNIT_WORDS, about, grouped, labels_listed, listed, quotes_within, share_percent

HEADINGS = {
    "zh": {"start": "新纳入：告知救助政策并协助申请，认定后开始救助",
           "exit": "退出：停止救助；仍在台账中，数据有变化会提醒", "move": "类别变化",
           "near": "接近认定标准：安排走访", "overdue": "申请逾期未决", "due_soon": "申请即将到期"},
    # an exit is not told to keep monitoring: when the monitoring category is abolished, what goes on is the
    # register's watch of the household's data
    "en": {"start": "Newly qualifying: tell them of the assistance and help them apply; it starts once decided",
           "exit": "Exiting: stop assistance; still in the register, where a change in their data raises an alert",
           "move": "Moving between categories", "near": "Near a threshold: plan a monitoring visit",
           "overdue": "Applications overdue", "due_soon": "Applications due soon"},
}
WORDS = {
    "zh": {"none": "无", "values": "数值变化", "clauses": "条件变化", "holds": "满足", "fails": "不满足",
           "applied": "申请", "due": "应办结", "wd": "个工作日", "wd_one": "个工作日", "special": "特殊情况",
           "overdue_by": "已逾期",
           "unchanged": "未变",
           "past_due": "已过应办结日：{due} 是最近一个工作日，自下一个工作日起计逾期",
           "left": "剩余", "line": "标准", "away": "差距", "abolished": "已取消，并入",
           "abolished_since": "自 {date} 起取消，并入",
           "none_of_them": "；本户不符合其中任何一类", "stops": "：停止救助",
           "no_alerts": "没有需要处理的提醒", "assistance": "救助金额",
           "now": "现在", "switch": "各户相同的政策数值变化：",
           "first": "同组中优先的“{other}”现已符合",
           "yes": "是", "no": "否",
           "unknown_left": "日历未覆盖，无法计算工作日", "comma": "，", "open": "（", "close": "）",
           "colon": "：", "gap": "", "semicolon": "；", "lang": "zh", "other_fails": "另有 {n} 条条件不满足",
           "others_fail": "另有 {n} 条条件不满足", "of_member": "{member} 的 {n} 条",
           "members": "成员变化", "source": "依据 ",
           "member_left": "离开了家庭", "member_joined": "加入了家庭", "member_came_of_age": "于 {date} 年满 {age} 岁",
           "dot": " · ", "what_if": "（假设情形）", "next": "下一步",
           "apply": "告知相关救助政策，协助提出救助申请；申请后用 {apply} 记录（--date 为申请日期），开始计算审核时限",
           "applied_already": "已有 {applied} 提出、尚未办结的申请，应于 {due} 前办结",
           "what_if_lines": "这些标准出自 {policy}，按假设情形适用：其施行期为 {window}，不含 {date}；"
                            "该日施行的政策的标准可能不同",
           "what_if_decided": "{date} 的快照按 {policy} 以假设情形认定：其施行期为 {window}，不含 {date}；"
                              "这一变化可能来自政策而非家庭",
           "after_today": "（晚于今天）", "policy_file": "文件",
           "superseded": "这些标准出自 {policy}（施行期 {window}）；今天（{today}）施行的是 {now}："
                         "应按其重新认定：{command}",
           "superseded_unknown": "这些标准出自 {policy}（施行期 {window}），今天（{today}）已不施行：应按今天施行的政策"
                                 "重新认定：{command}",
           "after_today_said": "{date} 的快照晚于今天（{today}），年龄和政策施行期都按这一天计算；若日期有误，"
                               "请用 {void} 将其作废，改正后重新导入"},
    "en": {"none": "none", "values": "values", "clauses": "clauses", "holds": "holds", "fails": "fails",
           "applied": "applied", "due": "due", "wd": "working days", "wd_one": "working day", "special": "special case",
           "overdue_by": "overdue by", "left": "left",
           "unchanged": "unchanged",
           "past_due": "past due: {due} was the last working day, overdue from the next one",
           "line": "line", "away": "away", "abolished": "abolished, absorbed by",
           "abolished_since": "abolished from {date}, absorbed by",
           "none_of_them": "; this household meets none of them",
           "switch": "Policy values changed for every household: ",
           "first": "“{other}” comes first in the same group and applies now",
           "stops": ": assistance stops", "no_alerts": "no alerts", "assistance": "assistance",
           "now": "now", "yes": "yes", "no": "no",
           "unknown_left": "calendar not covered: working days unknown", "comma": ", ", "open": " (",
           "close": ")", "colon": ": ", "gap": " ", "semicolon": "; ", "lang": "en",
           "other_fails": "{n} other clause fails too", "others_fail": "{n} other clauses fail too",
           "of_member": "{n} of {member}'s",
           "members": "members",
           "source": "source: ", "member_left": "left the household", "member_joined": "joined the household",
           "member_came_of_age": "turned {age} on {date}", "dot": " · ", "what_if": " (what-if)", "next": "next",
           "apply": "tell the household of the assistance and help it apply; once it has, record the application with "
                    "{apply} (`--date`: the day it applied) to start its review deadline",
           "applied_already": "it has an undecided application of {applied}, due {due}",
           "what_if_lines": "these lines are {policy}'s, applied as a what-if: it is in force {window}, not on "
                            "{date}; the lines of the policy in force that day may differ",
           "what_if_decided": "the snapshot of {date} was decided by {policy} as a what-if: it is in force {window}, "
                              "not on {date}; this change may come from the rules, not the household",
           "after_today": " (after today)", "policy_file": "FILE",
           "superseded": "these lines are {policy}'s (in force {window}); {now} is in force today ({today}): "
                         "reassessment under it is due: {command}",
           "superseded_unknown": "these lines are {policy}'s (in force {window}), not in force today ({today}): "
                                 "reassessment under the policy in force is due: {command}",
           "after_today_said": "the snapshot of {date} is dated after today ({today}): ages and the policy's window "
                               "are taken on that day; if its date is wrong, void it with {void} and ingest the "
                               "record corrected"},
}
CSV_HEADER = ["kind", "household", "date", "previous_date", "policy", "previous_policy", "before", "after",
              "values", "clauses", "near", "applied", "due", "working_days_left", "abolished", "members",
              "what_if", "after_today", "assistance", "next_step", "superseded"]


def _number(text: Any, w: dict[str, str], share: bool = False) -> str:
    """A machine value as people read it: thousands grouped, money kept to two places, yes or no; a `share` the
    policy writes as a percentage as it is written (`0.5` is `50%`)."""
    if isinstance(text, bool):
        return w["yes"] if text else w["no"]
    if not isinstance(text, str):
        return "—" if text is None else str(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if share:  # to the hundredth of a percent, as the gaps are said (`55.56%`)
        return share_percent(value)
    places = len(text.partition(".")[2])
    return f"{value:,.{places}f}"


def _categories(entries: list[dict[str, Any]], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    """Categories named as `show` and the explanation name them: `特困人员（tekun，成员 p1）`, the ids as `ids` writes
    them (code in markdown)."""
    return listed(categories_named(entries, w["lang"], ids), w["lang"]) or w["none"]


def _who(item: dict[str, Any], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    """The member a near line is about, in the brackets of the language: `（p3）`, ` (p3)`, the id as `ids` writes it
    (code in markdown)."""
    return f"{w['open']}{ids(item['member'])}{w['close']}" if item.get("member") else ""


def _member(item: dict[str, Any], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    """A member as `policy monitor show --explain` names them: `p3（孙子女，18岁）`, `p3 (grandchild, 18)`, the id as
    `ids` writes it."""
    described = item.get("member_description")
    return ids(item["member"]) + (f"{w['open']}{described}{w['close']}" if described else "")


def _about(item: dict[str, Any], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    """What a clause line is about: its member first, when it is a member's, then the category and the clause."""
    return (f"{_member(item, w, ids)}{w['dot']}" if item.get("member") else "") + clause_label(item, w["lang"])


def _cited(item: dict[str, Any], w: dict[str, str]) -> str:
    """The article a clause cites, as the explanation cites it: `（依据 …附件2）`."""
    return f"{w['open']}{w['source']}{item['cited']}{w['close']}" if item.get("cited") else ""


def _member_text(m: dict[str, Any], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    """What happened to a member between the two snapshots: `p2（配偶，87岁）离开了家庭`."""
    happened = w["member_" + m["change"]].format(age=m.get("age"), date=m.get("date"))
    return f"{_member(m, w, ids)}{w['gap']}{happened}"


def _machine(value: Any) -> str:
    """A value in a CSV cell as batch's CSV writes it: `true`/`false`, decimal strings, empty for none."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _verdict(value: bool, w: dict[str, str]) -> str:
    return w["holds"] if value else w["fails"]


def _value_text(v: dict[str, Any], w: dict[str, str], shares: frozenset[str] = frozenset(),
                units: dict[str, str] | None = None) -> str:
    """A value before and after with its unit as the policy writes it, said once where both sides have a figure
    (`490.00 → 510.00 yuan/month`, the register's yearly figure a month; `7,300.00 yuan/year → —`), a share as a
    percentage; as the register keeps it where neither is known."""
    share, unit = v["name"] in shares, (units or {}).get(v["name"])
    said = f" {UNIT_WORDS[w['lang']][unit]}" if unit else ""
    once = v["before"] is not None and v["after"] is not None

    def side(text: Any) -> str:
        if text is None or not said:
            return _number(text, w, share)
        figure = Decimal(text) / 12 if unit == "month" else Decimal(text)
        return about(figure) + grouped(figure) + ("" if once else said)
    return f"{v['label']} {side(v['before'])} → {side(v['after'])}{said if once else ''}"


def _assistance_text(a: dict[str, Any], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    """A measure whose amount changed, as the explanation grants it, with its unit said once where it stays:
    `最低生活保障金（…） 280.00 → 320.00 元/月`, `p1 · 医疗救助 2,100.00 元/年 → 无`."""
    units = UNIT_WORDS[w["lang"]]

    def unit(per: str | None) -> str:
        return units["month" if per == "month" else "rate" if per == "year" else "amount"]

    def side(amount: str | None, per: str | None, said: bool) -> str:
        return w["none"] if amount is None else _number(amount, w) + (f" {unit(per)}" if said else "")
    previous = a.get("previous_per", a["per"])
    once = a["before"] is not None and a["after"] is not None and previous == a["per"]
    who = f"{ids(a['member'])}{w['dot']}" if a.get("member") else ""
    text = (f"{who}{a['label']} {side(a['before'], previous, not once)} → "
            f"{side(a['after'], a['per'], not once)}")
    return text + (f" {unit(a['per'])}" if once else "")


def _compared_text(c: dict[str, Any], w: dict[str, str]) -> str:
    """What a comparison clause compared, the household's value and the line, before and after:
    ` (annual per-capita income 5,880.00 → 5,880.00, line 5,880.00 → 6,120.00)`."""
    compared = c.get("compared")
    if not compared:
        return ""
    before, after, share = compared.get("before"), compared["after"], bool(compared.get("percent"))

    def both(side: str) -> str:
        if before and before[side] == after[side]:  # the figure that did not move, said once
            return f"{_number(after[side], w, share)}{w['comma']}{w['unchanged']}"
        return (f"{_number(before[side], w, share)} → " if before else "") + _number(after[side], w, share)
    return f"{w['open']}{compared['label']} {both('value')}{w['comma']}{w['line']} {both('line')}{w['close']}"


def _clause_text(c: dict[str, Any], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    return _marked(c, f"{_about(c, w, ids)}{w['colon']}{_verdict(c['before'], w)} → {_verdict(c['after'], w)}"
                      f"{_compared_text(c, w)}", w) + _cited(c, w)


def _marked(c: dict[str, Any], said: str, w: dict[str, str]) -> str:
    """What a line says of clause `c`, marked ⚠ after it where `c` is a ground to confirm (`ground_mark`)."""
    return said + ground_mark(c, said, w["lang"])


def _standing(alert: Alert, w: dict[str, str], ids: Callable[[str], str] = str) -> list[str]:
    """Why categories were lost or gained, as things stand now: the categories lost to one that comes
    first in their group, the clauses that keep a lost category out, those that let a gained one in."""
    out = []
    for p in alert.preempted:
        out.append(f"{_about(p, w, ids)}{w['colon']}{w['first'].format(other=quotes_within(p['by_label']))}")
    failing = [c for c in alert.failing if "absorbs" not in c]
    for clauses, verdict in ((failing, False), (alert.holding, True)):
        for c in clauses:
            out.append(_marked(c, f"{_about(c, w, ids)}{w['colon']}{_verdict(verdict, w)}{_compared_text(c, w)}", w)
                       + _cited(c, w))
    for nearest, others in _nearest_kept_out([c for c in alert.failing if "absorbs" in c]):
        out.append(_marked(nearest, f"{_about(nearest, w, ids)}{w['colon']}{_verdict(False, w)}"
                                    f"{_compared_text(nearest, w)}", w) + _cited(nearest, w)
                   + _others_fail(others, w, ids))
    return out


def _others_fail(others: list[dict[str, Any]], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    """How many other clauses fail, counted by the member each is of, the nearest clause's member first
    (`; 3 other clauses fail too (1 of p1's, 2 of p2's)`): the members alone would give all of them to the last
    named. A household's clauses are of no one."""
    if not others:
        return ""
    whose = Counter(c["member"] for c in others if c["member"] is not None)
    said = listed((w["of_member"].format(n=n, member=ids(m)) for m, n in whose.items()), w["lang"])
    return (w["semicolon"] + (w["others_fail"] if len(others) > 1 else w["other_fails"]).format(n=len(others))
            + (f"{w['open']}{said}{w['close']}" if said else ""))


def _said_clauses(alert: Alert) -> list[dict[str, Any]]:
    """The clauses an alert's lines say: those that flipped, those that stand now (`_standing`), its near lines."""
    kept_out = [nearest for nearest, _ in _nearest_kept_out([c for c in alert.failing if "absorbs" in c])]
    return [*alert.clauses, *(c for c in alert.failing if "absorbs" not in c), *alert.holding, *kept_out, *alert.near]


def _to_confirm(alerts: list[Alert]) -> list[dict[str, str]]:
    """What the alerts say that is to confirm, each once, as `policy eval --format json` lists it under `to_confirm`
    ({label, confirm}): the values the labels marked ⚠ write (`低保存款限额月数`, `values_to_confirm`), then the
    grounds to confirm (`confirm:`), a clause named as its lines name it (`其他困难人员 · 住房或饮水不安全…`)."""
    values: list[dict[str, str]] = []
    grounds: list[dict[str, str]] = []
    for alert in alerts:
        for c in _said_clauses(alert):
            for value in c.get("values_to_confirm", ()):
                if (entry := {"label": value["label"], "confirm": value["confirm"]}) not in values:
                    values.append(entry)
            if c.get("confirm"):
                label = f"{c['category_label']} · {c['clause_label']}" if "clause_label" in c else c["label"]
                if (entry := {"label": label, "confirm": c["confirm"]}) not in grounds:
                    grounds.append(entry)
    return values + grounds


def _confirm_lines(alerts: list[Alert], lang: str) -> list[str]:
    """`⚠ note：label、label` once for each note of what the alerts say that is to confirm, as explanations close."""
    return confirm_lines({"lang": lang, "categories": [{"clauses": _to_confirm(alerts)}]}, parameters=False)


def _nearest_kept_out(failing: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """For each category absorbing an abolished one that the household is in none of, the failing clause nearest to
    being met — of the member who fails fewest clauses, a comparison the least far from its line, else the first —
    with the others that fail, its member's first: what decides, where every clause would bury it."""
    by_category: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in failing:
        by_category.setdefault((c["absorbs"], c["category"]), []).append(c)
    out = []
    for clauses in by_category.values():
        fails = {m: sum(1 for c in clauses if c["member"] == m) for m in (c["member"] for c in clauses)}
        nearest = min(clauses, key=lambda c: (fails[c["member"]], _distance(c)))
        others = [c for c in clauses if c is not nearest]
        out.append((nearest, sorted(others, key=lambda c: c["member"] != nearest["member"])))
    return out


def _distance(clause: dict[str, Any]) -> Decimal:
    """How far a failing comparison is from its line, as a share of the line; a clause that compares nothing, or a
    line of 0, is as far as can be (the first of them is taken)."""
    after = (clause.get("compared") or {}).get("after") or {}
    try:
        value, line = Decimal(str(after["value"])), Decimal(str(after["line"]))
    except (KeyError, InvalidOperation):
        return Decimal("Infinity")
    return abs(value - line) / abs(line) if line else Decimal("Infinity")


def _abolished_text(a: dict[str, Any], alert: Alert, w: dict[str, str]) -> str:
    """A category the newer policy abolished, as the explanation says it: from when, what absorbs it, and its
    article (`自 2026-01-01 起取消，并入…（依据 …）`); a policy of the register that no longer loads gives neither."""
    abolished = w["abolished_since"].format(date=a["since"]) if a.get("since") else w["abolished"]
    text = f"{a['label']}{w['colon']}{abolished}{w['gap']}{labels_listed(a['absorbed_by_labels'], w['lang'])}"
    if "now_in" in a and not a["now_in"]:  # (a near alert's says nothing of the household's categories now)
        text += w["none_of_them"] + (w["stops"] if not alert.after else "")
    return text + _cited(a, w)


def _near_text(n: dict[str, Any], w: dict[str, str], ids: Callable[[str], str] = str) -> str:
    comma = w["comma"]
    share = bool(n.get("percent"))
    about = f"{n['category_label']}{_who(n, w, ids)} · {clause_label(n, w['lang'], 'clause_label')}"
    return _marked(n, f"{about}{w['colon']}"
                      f"{n['label']} {_number(n['value'], w, share)}{comma}{w['line']} {_number(n['line'], w, share)}"
                      f"{comma}{w['away']} {n['gap']:.2%}", w) + _cited(n, w)


def _application_text(a: dict[str, Any], w: dict[str, str]) -> str:
    comma = w["comma"]
    special = f"{comma}{w['special']}" if a["special"] else ""
    left = a["working_days_left"]
    unknown = f"{w['semicolon']}{w['unknown_left']}" if left is None else ""  # in the same brackets, not a second pair
    # the article of the limit (the `process` section's), in those brackets too, as `apply` says it
    cited = f"{w['semicolon']}{w['source']}{a['cited']}" if a.get("cited") else ""
    text = (f"{w['applied']} {a['applied']}{comma}{w['due']} {a['due']}"
            f"{w['open']}{_working_days(a['working_days'], w)}{special}{unknown}{cited}{w['close']}")
    if left is None:
        return text
    if left == 0 and a["calendar_days_left"] < 0:  # due on a Friday, looked at on the weekend: 0 working days late
        return text + comma + w["past_due"].format(due=a["due"])
    if left < 0 or a["calendar_days_left"] < 0:
        return text + f"{comma}{w['overdue_by']} {_working_days(abs(left), w)}"
    return text + f"{comma}{w['left']} {_working_days(left, w)}"


def _working_days(n: int, w: dict[str, str]) -> str:
    """`1 working day`, `3 working days` (`1 个工作日`)."""
    return f"{n} {w['wd_one'] if n == 1 else w['wd']}"


def _ticked(command: str) -> str:
    """A command as text and CSV quote it: in backticks."""
    return f"`{command}`"


def _next_step(step: dict[str, Any], w: dict[str, str], code: Callable[[str], str] = _ticked) -> str:
    """What a start asks of the desk next: help the household apply and record the application (its command as `code`
    writes it), with the article of its review; or the application it made, undecided."""
    if "open_application" in step:
        return w["applied_already"].format(**step["open_application"])
    return w["apply"].format(apply=code(step["apply"])) + _cited(step, w)


def _superseded(alert: Alert, w: dict[str, str], indent: str, code: Callable[[str], str] = _ticked) -> list[str]:
    """A near alert whose lines are of a policy no longer in force on --today: the categories of it the policy in force
    abolished, and the reassessment due under it (`policy monitor reassess --policy FILE`)."""
    gone = alert.superseded
    if gone is None:
        return []
    file = shell_word(gone["file"]) if gone["file"] else w["policy_file"]
    said = w["superseded" if gone["policy"] else "superseded_unknown"].format(
        policy=alert.policy, window=alert.window, today=gone["today"], now=gone["policy"],
        command=code(f"policy monitor reassess --policy {file}"))
    return [indent + _abolished_text(a, alert, w) for a in gone["abolished"]] + [indent + said]


def _after_today(alert: Alert, w: dict[str, str], indent: str, code: Callable[[str], str]) -> list[str]:
    """A snapshot dated after today, as ingest warned of it, for the alert acted on later: most often a year typed
    wrong, which ages every member and passes every policy's window without a word otherwise."""
    if alert.after_today is None or alert.date is None:
        return []
    return [indent + w["after_today_said"].format(date=alert.date, today=alert.after_today,
                                                  void=code(void_words(alert.household, alert.date)))]


def _lines(alert: Alert, w: dict[str, str], bullet: str, indent: str,
           code: Callable[[str], str] = _ticked, ids: Callable[[str], str] = str) -> list[str]:
    """An alert's lines, its household first on the first; the commands they give as `code` writes them, the ids of
    the categories and members they name as `ids` does; an id that holds a line break quoted, on the line
    (`id_shown`)."""
    household = id_shown(alert.household)
    if alert.application is not None:
        return [f"{bullet}{household}{w['colon']}{_application_text(alert.application, w)}"]
    if alert.kind == "near":
        after = _categories(alert.after, w, ids)
        out = [f"{bullet}{household}{w['open']}{alert.date}{w['comma']}{after}{w['close']}"
               f" [{alert.policy}{w['what_if'] if alert.what_if else ''}]"]
        out += [f"{indent}{_near_text(n, w, ids)}" for n in alert.near]
        if alert.what_if:
            out.append(indent + w["what_if_lines"].format(policy=alert.policy, window=alert.window, date=alert.date))
        return out + _superseded(alert, w, indent, code) + _after_today(alert, w, indent, code)
    said_of = {True: w["what_if"], False: ""}
    shown = alert.policy != alert.previous_policy or alert.what_if or alert.previous_what_if
    late = w["after_today"] if alert.after_today else ""
    out = [f"{bullet}{household}{w['colon']}{alert.previous_date} → {alert.date}{late}{w['colon']}"
           f"{_categories(alert.before, w, ids)} → {_categories(alert.after, w, ids)}"
           + (f" [{alert.previous_policy}{said_of[alert.previous_what_if]} → {alert.policy}{said_of[alert.what_if]}]"
              if shown else "")]
    sides = ((alert.previous_what_if, alert.previous_policy, alert.previous_window, alert.previous_date),
             (alert.what_if, alert.policy, alert.window, alert.date))
    for what_if, policy, window, date in sides:
        if what_if:
            out.append(indent + w["what_if_decided"].format(policy=policy, window=window, date=date))
    out += _after_today(alert, w, indent, code)
    out += [f"{indent}{w['next']}{w['colon']}{_next_step(alert.next_step, w, code)}"] if alert.next_step else []
    out += [f"{indent}{w['members']}{w['colon']}{_member_text(m, w, ids)}" for m in alert.members]
    out += [f"{indent}{_abolished_text(a, alert, w)}" for a in alert.abolished]
    out += [f"{indent}{w['assistance']}{w['colon']}{_assistance_text(a, w, ids)}" for a in alert.assistance]
    if alert.values:
        out.append(f"{indent}{w['values']}{w['colon']}" + w['semicolon'].join(_value_text(v, w) for v in alert.values))
    for c in alert.clauses:
        out.append(f"{indent}{w['clauses']}{w['colon']}{_clause_text(c, w, ids)}")
    out += [f"{indent}{w['now']}{w['colon']}{line}" for line in _standing(alert, w, ids)]
    return out


def _grouped(alerts: list[Alert]) -> list[tuple[str, list[Alert]]]:
    return [(k, [a for a in alerts if a.kind == k]) for k in KINDS if any(a.kind == k for a in alerts)]


def _switches(alerts: list[Alert]) -> list[Switch]:
    """The switches of policy version the alerts cross that changed values for every household, once each."""
    out: list[Switch] = []
    for a in alerts:
        if a.switch is not None and a.switch.values and a.switch not in out:
            out.append(a.switch)
    return out


def _switch_heading(switch: Switch, w: dict[str, str]) -> str:
    return f"{w['switch']}{switch.previous_policy} → {switch.policy}{w['open']}{len(switch.values)}{w['close']}"


def render_text(alerts: list[Alert], lang: str, title: str) -> str:
    w = WORDS[lang]
    out = [title]
    if not alerts:
        out.append(w["no_alerts"])
    for switch in _switches(alerts):
        out += ["", _switch_heading(switch, w)]
        out += [f"  {_value_text(v, w, switch.shares, switch.units)}" for v in switch.values]
    for kind, group in _grouped(alerts):
        out += ["", f"{HEADINGS[lang][kind]}{w['open']}{len(group)}{w['close']}"]
        for alert in group:
            out += _lines(alert, w, "  ", "      ")
    confirm = _confirm_lines(alerts, lang)
    return "\n".join([*out, *([""] if confirm else []), *confirm]) + "\n"


def render_markdown(alerts: list[Alert], lang: str, title: str) -> str:
    """The alerts as markdown for reports: the households' and the policy's text as written (`md_text`), the commands
    the lines give as code."""
    w = WORDS[lang]
    out = [f"# {md_text(title)}"]
    if not alerts:
        out += ["", w["no_alerts"]]
    for switch in _switches(alerts):
        out += ["", f"## {md_text(_switch_heading(switch, w))}", ""]
        out += [f"- {md_text(_value_text(v, w, switch.shares, switch.units))}" for v in switch.values]
    for kind, group in _grouped(alerts):
        out += ["", f"## {HEADINGS[lang][kind]}{w['open']}{len(group)}{w['close']}", ""]
        for alert in group:
            slots = CodeSlots()
            first, *rest = _lines(alert, w, "", "", slots.code, slots.code)
            household = id_shown(alert.household)  # as `_lines` begins its first line
            out.append(f"- **{md_text(household)}**{slots.escaped(first[len(household):])}")
            out += [f"    - {slots.escaped(line)}" for line in rest]
    confirm = _confirm_lines(alerts, lang)
    return "\n".join([*out, *([""] if confirm else []), *md_quote([md_text(line) for line in confirm])]) + "\n"


def render_json(alerts: list[Alert], settings: dict[str, Any]) -> str:
    counts = {k: sum(a.kind == k for a in alerts) for k in KINDS}
    switches = [s.to_json() for s in _switches(alerts)]
    return json.dumps({**settings, "counts": counts, "policy_changes": switches,
                       "alerts": [a.to_json() for a in alerts], "to_confirm": _to_confirm(alerts)},
                      ensure_ascii=False, indent=2) + "\n"


def render_csv(alerts: list[Alert], lang: str) -> str:
    w = WORDS[lang]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for a in alerts:
        app = a.application or {}
        writer.writerow([
            a.kind, a.household, a.date or "", a.previous_date or "", a.policy or "", a.previous_policy or "",
            " ".join(f"{e['member']}:{e['id']}" if e.get("member") else e["id"] for e in a.before),
            " ".join(f"{e['member']}:{e['id']}" if e.get("member") else e["id"] for e in a.after),
            "; ".join(f"{v['name']}: {_machine(v['before'])} → {_machine(v['after'])}" for v in a.values),
            # cells of text in the language: its own mark between items, the mark its items use inside too
            w["semicolon"].join([*(_clause_text(c, w) for c in a.clauses), *_standing(a, w)]),
            w["semicolon"].join(_near_text(n, w) for n in a.near),
            app.get("applied", ""), app.get("due", ""),
            "" if app.get("working_days_left") is None else app["working_days_left"],
            w["semicolon"].join(_abolished_text(x, a, w) for x in a.abolished),
            w["semicolon"].join(_member_text(m, w) for m in a.members),
            # a near alert measured against a what-if's lines; a change with a snapshot decided as a what-if
            _machine(a.what_if or a.previous_what_if) if a.kind in ("near", "start", "exit", "move") else "",
            _machine(a.after_today is not None) if a.kind in ("near", "start", "exit", "move") else "",
            "; ".join(f"{m['member'] + ':' if m.get('member') else ''}{m['id']}: {_machine(m['before'])} → "
                      f"{_machine(m['after'])}" + (f" per {m['per']}" if m["per"] else "") for m in a.assistance),
            # columns added later come last, so that a sheet that reads the others by place keeps working
            _next_step(a.next_step, w) if a.next_step else "",
            w["semicolon"].join(_superseded(a, w, "")),
        ])
    return for_spreadsheets(buffer.getvalue())
