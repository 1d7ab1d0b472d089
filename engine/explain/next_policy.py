"""What the next policy decides, in words: the explanation's `next_policy` entry and its sentence.

Input: a decision and the decision of the same data under the policy that follows its own (`engine.successor`).
Output: the entry (the day, the policy, the members as named on that day, its categories, those given now that end,
the measures it gives anew or at another amount and those it no longer gives) and its sentence, read after the result
(`自 2026-01-01 起按《…（过渡期后）》，同样的情况认定为：最低生活保障对象；最低生活保障金（…）：270.00 元/月；…；
届时请重新认定`). Invariant: the sentence speaks of the next policy's first day throughout, members too: a head
who turns 60 that day and is tekun from then is `户主（60岁）：特困人员`, never 59 and tekun.
"""

from __future__ import annotations

from typing import Any

from engine.diagnostics import chinese_joined
from engine.explain.members import household_members, named_with_id
from engine.explain.phrases import static_for
from engine.explain.words import members_said
from engine.outcomes import Decision
from engine.values import listed

WORDS = {
    "zh": {"head": "自 {date} 起按《{policy}》，同样的情况认定为：{said}", "none": "不属于任何类别", "colon": "：",
           "who": "——{name}", "now": "（现为 {amount}）", "ended": "不再有：{labels}", "gone": "不再是：{labels}",
           "ended_for": "{who}不再有：{labels}", "gone_for": "{who}不再是：{labels}", "then": "届时请重新认定",
           "join": "；"},
    "en": {"head": "From {date}, under {policy}, the same data give: {said}", "none": "no category", "colon": ": ",
           "who": " — {name}", "now": " (now {amount})", "ended": "no longer: {labels}",
           "gone": "no longer counted as: {labels}", "ended_for": "no longer for {who}: {labels}",
           "gone_for": "{who} no longer counted as: {labels}", "then": "reassess the household then", "join": "; "},
}


def next_policy_entry(now: Decision, then: Decision, lang: str) -> dict[str, Any]:
    """The `next_policy` entry of `now`'s explanation: what `then`, the next policy's decision of the same data on its
    first day, decides, and the sentence that says it, the members named as `--explain` names them on that day."""
    assert then.evaluation is not None, "evaluate before explaining"
    phrases = static_for(then.policy).phrases(lang)
    before = static_for(now.policy).phrases(lang)
    labels = phrases.category_labels
    had = {(g.measure.id, g.member): g for g in now.assistance}
    kept = {(g.measure.id, g.member) for g in then.assistance}
    measures: list[dict[str, Any]] = []
    for g in then.assistance:
        old = had.get((g.measure.id, g.member))
        if (old is None and g.amount == 0) or (old is not None and old.amount == g.amount):
            continue  # nothing to pay anew (no medical costs), or the same as now; a service with no amount is given
        plan = phrases.measure(g.measure)
        item: dict[str, Any] = {"id": g.measure.id, "label": plan.label}
        if g.member is not None:
            item["member"] = g.member
        item["amount"] = None if g.amount is None else f"{g.amount:.2f}"
        item["amount_said"] = plan.amount(g.amount)
        if old is not None:
            item["now"] = None if old.amount is None else f"{old.amount:.2f}"
            item["now_said"] = before.measure(old.measure).amount(old.amount)
        measures.append(item)
    ended = [{"id": g.measure.id, "label": before.measure(g.measure).label,
              **({"member": g.member} if g.member else {})}
             for g in now.assistance if (g.measure.id, g.member) not in kept and g.amount != 0]
    gone = [{"id": c, "label": before.category_labels[c]} for c in now.categories if c not in then.categories]
    gone += [{"id": c, "label": before.category_labels[c], "member": m}
             for m, cats in now.members.items() for c in cats if c not in then.members.get(m, ())]
    meta = then.policy.meta
    entry: dict[str, Any] = {
        "from": then.date.isoformat(),
        "policy": {"id": meta.id, "version": meta.version, "file": then.policy.file},
        "title": phrases.policy_title,
        "household_members": household_members(then.policy, then.evaluation, lang),
        "categories": list(then.categories),
        "members": {m: list(cats) for m, cats in then.members.items() if cats},
        "result": {"household": [labels[c] for c in then.categories],
                   "members": {m: [labels[c] for c in cats] for m, cats in then.members.items() if cats}},
        "measures": measures,
    }
    if gone:
        entry["ended_categories"] = gone
    if ended:
        entry["ended"] = ended
    entry["sentence"] = next_policy_said(entry, named_with_id(entry["household_members"], lang), lang)
    return entry


def next_policy_said(entry: dict[str, Any], names: dict[str, str], lang: str) -> str:
    """The entry's sentence, the members named by `names` (by id where it has none): its `household_members`, named
    as `--explain` or as the brief names them."""
    w = WORDS[lang]
    result = entry["result"]
    parts = [listed(result["household"], lang) or (w["none"] if not result["members"] else "")]
    parts += [names.get(m, m) + w["colon"] + listed(labels, lang) for m, labels in result["members"].items()]
    if "ended_categories" in entry:  # the categories that end, said as the measures given no more are
        parts += _each_once(entry["ended_categories"], "gone", names, lang)
    # a measure several members get alike, at the same amount now and then, said once, with them together
    # (a measure is the household's or members', and the household's comes once)
    alike: dict[tuple[str, str | None, bool, str | None], list[dict[str, Any]]] = {}
    for item in entry["measures"]:
        alike.setdefault((item["id"], item["amount"], "now" in item, item.get("now")), []).append(item)
    for same in alike.values():
        item = same[0]
        them = [names.get(i["member"], i["member"]) for i in same if "member" in i]
        said = item["label"] + (w["who"].format(name=members_said(them, lang)) if them else "")
        if item["amount"] is not None:
            said += w["colon"] + item["amount_said"]
        if item.get("now") is not None:
            said += w["now"].format(amount=item["now_said"])
        parts.append(said)
    if "ended" in entry:
        parts += _each_once(entry["ended"], "ended", names, lang)
    parts.append(w["then"])
    return w["head"].format(date=entry["from"], policy=entry["title"], said=w["join"].join(p for p in parts if p))


def _each_once(items: list[dict[str, Any]], said: str, names: dict[str, str], lang: str) -> list[str]:
    """Measures or categories that end (`said` is `ended` or `gone`): the household's, then those of each set of
    members, a label several members lose said once, with them together (`不再有：农村饮水安全工程；户主（50岁）和配偶
    （49岁）不再有：就业帮扶（…）`). Joined in one list, the members seemed to lose the household's too."""
    whose: dict[str, list[str]] = {}
    for g in items:
        whose.setdefault(g["label"], []).extend([names.get(g["member"], g["member"])] if "member" in g else [])
    ours = [label for label, them in whose.items() if not them]
    theirs: dict[tuple[str, ...], list[str]] = {}
    for label, them in whose.items():
        if them:
            theirs.setdefault(tuple(them), []).append(label)
    w = WORDS[lang]
    out = [w[said].format(labels=listed(ours, lang))] if ours else []
    for members, labels in theirs.items():
        who, text = members_said(members, lang), w[said + "_for"]
        if lang == "zh":  # a member named by id alone is followed by a space: `p2 不再是：…`
            out.append(chinese_joined(who, text.format(who="", labels=listed(labels, lang))))
        else:
            out.append(text.format(who=who, labels=listed(labels, lang)))
    return out


def with_next_policy(tree: dict[str, Any], now: Decision, then: Decision) -> dict[str, Any]:
    """`tree` with its `next_policy` entry after its `result`."""
    entry = next_policy_entry(now, then, tree["lang"])
    out: dict[str, Any] = {}
    for key, value in tree.items():
        out[key] = value
        if key == "result":
            out["next_policy"] = entry
    return out
