"""Decision → explanation a caseworker can read aloud, in Chinese or English.

Input: a `Decision` with its evaluation (every value computed for the household).
Output: an explanation tree (plain data, the `explanation` of DESIGN §7's JSON),
rendered by `render_text` or `render_markdown`. For every category, assigned or
not: each clause with its verdict, the values compared, the margin, the file and
line of the rule and what it cites; derived values unfold into what they were
computed from, each shown once; a failed threshold says what would have to
change. Invariant: explaining only reads the evaluation; it never changes it.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from engine import types as t
from engine.evaluator import (
    EXACT,
    CategoryOutcome,
    Ctx,
    Decision,
    Grant,
    HouseholdContext,
    MemberContext,
    program_for,
)
from engine.model import Category, Clause, Label, Policy, per_policy
from engine.syntax import ast
from engine.syntax.printer import to_text
from engine.values import grouped, human, kind_of

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "assigned": "认定", "not_assigned": "未认定", "holds": "符合", "fails": "不符合",
        "over": "超出 {m}", "under": "低于 {m}", "equal": "正好持平",
        "preempted": "同组“{other}”优先认定", "failed_clause": "不满足：{clause}",
        "none_of": "没有一项条件满足",
        "would": "若{name}{rel} {target}则符合（现为 {now}）",
        "that_is": "即{name}{rel} {target}（现为 {now}）",
        "below": "低于", "at_most": "不超过", "above": "高于", "at_least": "不低于",
        "household": "家庭", "member": "成员", "result": "认定结果", "none": "无",
        "accounting": "收入核算", "counted": "计入", "exempt": "不计入（豁免）",
        "counted_income": "计入收入合计", "exempt_income": "豁免收入合计", "rigid_expenses": "刚性支出合计",
        "categories": "各类别认定情况", "assistance": "救助帮扶措施", "per_month": "每月", "per_year": "每年",
        "higher_wins": "就高不就低：采用“{won}” {amount}，高于 {others}",
        "title": "家庭 {id}：{date} 按 {policy}（{version}）认定",
        "policy_line": "政策文件 {file}，sha256 {sha}",
        "outside": "注意：评估日期 {date} 不在该政策有效期（{window}）内",
        "derived": "其中", "source": "依据", "no_amount": "（服务或工程，无金额）",
        "line": "第{n}行",
    },
    "en": {
        "assigned": "assigned", "not_assigned": "not assigned", "holds": "holds", "fails": "fails",
        "over": "over by {m}", "under": "under by {m}", "equal": "exactly on the line",
        "preempted": "`{other}` came first in its group", "failed_clause": "not met: {clause}",
        "none_of": "none of the conditions holds",
        "would": "would hold if {name} were {rel} {target} (now {now})",
        "that_is": "that is, {name} {rel} {target} (now {now})",
        "below": "below", "at_most": "at most", "above": "above", "at_least": "at least",
        "household": "household", "member": "member", "result": "Result", "none": "none",
        "accounting": "Income accounting", "counted": "counted", "exempt": "exempt",
        "counted_income": "counted income", "exempt_income": "exempt income", "rigid_expenses": "rigid expenses",
        "categories": "Categories", "assistance": "Assistance", "per_month": "per month", "per_year": "per year",
        "higher_wins": "the higher applies (就高不就低): `{won}` {amount}, over {others}",
        "title": "Household {id}: decided on {date} under {policy} ({version})",
        "policy_line": "policy file {file}, sha256 {sha}",
        "outside": "note: the evaluation date {date} lies outside this policy's window ({window})",
        "derived": "where", "source": "source", "no_amount": "(a service or works, no amount)",
        "line": "line {n}",
    },
}

_RELATION = {"<": "below", "<=": "at_most", ">": "above", ">=": "at_least"}
_BUILTIN_LABELS = {
    "counted_income": Label("计入收入", "counted income"),
    "exempt_income": Label("豁免收入", "exempt income"),
    "rigid_expenses": Label("刚性支出", "rigid expenses"),
    "own_counted_income": Label("本人计入收入", "own counted income"),
    "today": Label("评估日期", "evaluation date"),
}


def _operands(node: ast.Node) -> list[ast.Name | ast.Aggregate]:
    """The names and member aggregations a rule reads, in order, not looking inside aggregations."""
    if isinstance(node, ast.Name | ast.Aggregate):
        return [node]
    return [x for child in node.children() for x in _operands(child)]


def _rewrite(node: ast.Node, replace: Any) -> ast.Node:
    """Rebuild a tree, letting `replace` substitute any node (None keeps it)."""
    new = replace(node)
    if new is not None:
        return new
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, ast.Node):
            changes[f.name] = _rewrite(value, replace)
        elif isinstance(value, tuple) and value and isinstance(value[0], ast.Node):
            changes[f.name] = tuple(_rewrite(v, replace) for v in value)
    return dataclasses.replace(node, **changes) if changes else node


class _Static:
    """What never changes for a policy's rules: their text, operands and substitution templates."""

    def __init__(self) -> None:
        self._text: dict[int, str] = {}
        self._operands: dict[int, list[ast.Name | ast.Aggregate]] = {}
        self._templates: dict[int, tuple[str, list[ast.Name | ast.Aggregate]]] = {}

    def text(self, node: ast.Node) -> str:
        key = id(node)
        if key not in self._text:
            self._text[key] = to_text(node)
        return self._text[key]

    def operands(self, node: ast.Node) -> list[ast.Name | ast.Aggregate]:
        key = id(node)
        if key not in self._operands:
            self._operands[key] = _operands(node)
        return self._operands[key]

    def template(self, node: ast.Node) -> tuple[str, list[ast.Name | ast.Aggregate]]:
        """The rule's text with a numbered hole for each name it reads."""
        key = id(node)
        if key not in self._templates:
            holes: list[ast.Name | ast.Aggregate] = []

            def replace(n: ast.Node) -> ast.Node | None:
                if isinstance(n, ast.Name | ast.Aggregate):
                    holes.append(n)
                    return ast.Name((f"\x00{len(holes) - 1}\x00",))
                return None
            self._templates[key] = (to_text(_rewrite(node, replace)), holes)
        return self._templates[key]


@per_policy
def _static_for(policy: Policy) -> _Static:
    return _Static()


class Explainer:
    def __init__(self, decision: Decision, lang: str):
        assert decision.evaluation is not None, "evaluate before explaining"
        self.decision = decision
        self.policy: Policy = decision.policy
        self.ctx: HouseholdContext = decision.evaluation
        self.program = program_for(self.policy)
        self.lang = lang
        self.w = WORDS[lang]
        self.shown: set[tuple[str, str | None]] = set()
        self._compiled: dict[int, Any] = {}
        self.static = _static_for(self.policy)

    # values ----------------------------------------------------------------------------

    def value(self, node: ast.Node, ctx: Ctx) -> Any:
        fn = self._compiled.get(id(node))
        if fn is None:
            fn = self.program.compile(node, ctx.level)
            self._compiled[id(node)] = fn
        return fn(ctx)

    def kind(self, node: ast.Node) -> str:
        return kind_of(self.policy.types.get(id(node)))

    def show(self, value: Any, kind: str) -> str:
        return human(value, kind, self.lang)

    def label(self, name: str) -> str:
        label = self.policy.label_of(name) or _BUILTIN_LABELS.get(name)
        if label is None and "." in name:
            head, _, rest = name.partition(".")
            inner = self.policy.label_of(rest)
            prefix = {"income": "", "expenses": "", "own_income": "", "own_expenses": ""}.get(head, head + ".")
            return prefix + (inner.get(self.lang, rest) if inner else rest)
        return label.get(self.lang, name) if label else name

    def side_label(self, node: ast.Node) -> str:
        return self.label(node.dotted) if isinstance(node, ast.Name) else self.static.text(node)

    def side(self, node: ast.Node, value: Any, kind: str) -> str:
        """`label value` for a name or a formula; just the value for a literal."""
        shown = self.show(value, kind)
        if isinstance(node, ast.Number | ast.Quantity | ast.Percent | ast.Date):
            return shown
        return f"{self.side_label(node)} {shown}"

    def location(self, span: Any) -> str:
        return f"{span.file}:{span.line}"

    # unfolding derived values ---------------------------------------------------------

    def derived(self, node: ast.Node, ctx: Ctx) -> list[dict[str, Any]]:
        """Every name a rule reads, unfolded down to inputs and parameters, each shown once."""
        out: list[dict[str, Any]] = []
        for operand in self.static.operands(node):
            if isinstance(operand, ast.Aggregate):
                self._aggregate(operand, ctx, out)
            else:
                self._unfold(operand.dotted, operand, ctx, out)
        return out

    def _aggregate(self, node: ast.Aggregate, ctx: Ctx, out: list[dict[str, Any]]) -> None:
        text = self.static.text(node)
        key = (text, None)
        if key in self.shown:
            return
        self.shown.add(key)
        out.append({"name": text, "label": text, "kind": "aggregate",
                    "value": self.show(self.value(node, ctx.hh), self.kind(node))})

    def _unfold(self, name: str, node: ast.Node, ctx: Ctx, out: list[dict[str, Any]]) -> None:
        p = self.policy
        d = p.definitions.get(name)
        category = p.category(name)
        owner_ctx: Ctx = ctx
        if (d is not None and d.level == "household") or (category is not None and category.level == "household"):
            owner_ctx = ctx.hh
        member = owner_ctx.member.id if isinstance(owner_ctx, MemberContext) else None
        if name in p.parameters:
            member = None
        key = (name, member)
        if key in self.shown or category is not None:
            return
        self.shown.add(key)
        value = self.value(node, owner_ctx)
        entry: dict[str, Any] = {"name": name, "label": self.label(name),
                                 "value": self.show(value, self.kind(node))}
        if member is not None:
            entry["member"] = member
        if name in p.parameters:
            param = p.parameters[name]
            entry["kind"] = "parameter"
            entry["location"] = self.location(param.span)
            if param.source:
                entry["source"] = param.source
        elif d is not None:
            entry["kind"] = "indicator" if d.indicator else "definition"
            entry["formula"] = self.static.text(d.expr.node)
            substituted = self.substituted(d.expr.node, owner_ctx)
            # a long rule with its values filled in cannot be read aloud: its inputs follow, one a line
            if substituted != entry["value"] and len(substituted) <= 140:
                entry["substituted"] = substituted
            entry["location"] = self.location(d.expr.span)
            if d.source:
                entry["source"] = d.source
            children = [c for c in self.derived(d.expr.node, owner_ctx) if c["kind"] != "aggregate"]
            if children:
                entry["from"] = children
        else:
            entry["kind"] = "input"
        out.append(entry)

    def substituted(self, node: ast.Node, ctx: Ctx) -> str:
        template, holes = self.static.template(node)
        parts = template.split("\x00")
        for i, hole in enumerate(holes):
            value = self.value(hole, ctx)
            shown = to_text(ast.String(value)) if isinstance(value, str) else self.show(value, self.kind(hole))
            parts[2 * i + 1] = shown
        return "".join(parts)

    # clauses --------------------------------------------------------------------------

    def clause(self, category: Category, clause: Clause, verdict: bool, ctx: Ctx) -> dict[str, Any]:
        node = clause.test.node
        entry: dict[str, Any] = {
            "id": clause.id, "label": clause.label.get(self.lang, clause.id), "verdict": verdict,
            "rule": self.static.text(node), "location": self.location(clause.test.span),
        }
        if clause.source:
            entry["source"] = clause.source
        if isinstance(node, ast.Compare) and self.kind(node.left) in (*t.NUMERIC, "date"):
            entry.update(self.comparison(node, verdict, ctx))
        elif isinstance(node, ast.Name) or (isinstance(node, ast.Not) and isinstance(node.operand, ast.Name)):
            name = node if isinstance(node, ast.Name) else node.operand
            value = self.value(name, ctx)
            verdict_word = self.w["holds"] if verdict else self.w["fails"]
            entry["sentence"] = f"{self.side_label(name)} = {self.show(value, 'boolean')} → {verdict_word}"
        else:
            entry["sentence"] = f"{self.static.text(node)} → {self.w['holds'] if verdict else self.w['fails']}"
        derived = self.derived(node, ctx)
        if derived:
            entry["derived"] = derived
        return entry

    def comparison(self, node: ast.Compare, verdict: bool, ctx: Ctx) -> dict[str, Any]:
        left, right = self.value(node.left, ctx), self.value(node.right, ctx)
        kind = self.kind(node.left) if self.kind(node.left) != "number" else self.kind(node.right)
        if left is None or right is None:
            return {"sentence": f"{to_text(node)} → {self.w['fails']}"}
        relation = "<" if left < right else (">" if left > right else "=")
        symbol = {"<": "<", ">": ">", "=": "="}[relation]
        out: dict[str, Any] = {
            "compared": [
                {"text": self.static.text(node.left), "label": self.side_label(node.left),
                 "value": self.show(left, kind)},
                {"text": self.static.text(node.right), "label": self.side_label(node.right),
                 "value": self.show(right, kind)},
            ],
        }
        sentence = f"{self.side(node.left, left, kind)} {symbol} {self.side(node.right, right, kind)}"
        if isinstance(left, Decimal) and isinstance(right, Decimal) and node.op in _RELATION:
            margin = abs(left - right)
            out["margin"] = grouped(margin) if kind in ("amount", "rate") else str(margin.normalize())
            phrase = ("equal" if relation == "=" else "over" if relation == ">" else "under")
            sep = "，" if self.lang == "zh" else ", "
            sentence += sep + self.w[phrase].format(m=out["margin"])
            if not verdict and node.op in _RELATION:
                out["would_hold_if"] = self.would_hold(node, left, right, kind, ctx)
        out["sentence"] = sentence
        return out

    def would_hold(self, node: ast.Compare, left: Decimal, right: Decimal, kind: str, ctx: Ctx) -> str:
        rel = self.w[_RELATION[node.op]]
        text = self.w["would"].format(name=self.side_label(node.left), rel=rel,
                                      target=self.show(right, kind), now=self.show(left, kind))
        # one step further for a per-head value: name the household total that would have to change
        if isinstance(node.left, ast.Name):
            d = self.policy.definitions.get(node.left.dotted)
            if d is not None and isinstance(d.expr.node, ast.Arith) and d.expr.node.op == "/":
                top, bottom = d.expr.node.left, d.expr.node.right
                owner = ctx.hh if d.level == "household" else ctx
                divisor = self.value(bottom, owner)
                if isinstance(divisor, Decimal) and divisor > 0:
                    target = EXACT.multiply(right, divisor)
                    now = self.value(top, owner)
                    top_kind = self.kind(top)
                    text += ("；" if self.lang == "zh" else "; ") + self.w["that_is"].format(
                        name=self.side_label(top), rel=rel, target=self.show(target, top_kind),
                        now=self.show(now, top_kind))
        return text

    # categories -----------------------------------------------------------------------

    def outcome_entry(self, outcome: CategoryOutcome, ctx: Ctx) -> dict[str, Any]:
        category = outcome.category
        clauses = [self.clause(category, c, v, ctx) for c, v in zip(category.clauses, outcome.verdicts, strict=True)]
        entry: dict[str, Any] = {"assigned": outcome.assigned, "holds": outcome.holds, "clauses": clauses}
        if outcome.member is not None:
            entry["member"] = outcome.member
        if outcome.assigned:
            entry["why"] = self.w["assigned"]
        elif outcome.preempted_by is not None:
            other = self.policy.category(outcome.preempted_by)
            entry["preempted_by"] = outcome.preempted_by
            entry["why"] = self.w["preempted"].format(other=other.label.get(self.lang) if other else "")
        elif category.match == "any":
            entry["why"] = self.w["none_of"]
        else:
            failed = next(c for c, v in zip(category.clauses, outcome.verdicts, strict=True) if not v)
            entry["why"] = self.w["failed_clause"].format(clause=failed.label.get(self.lang, failed.id))
        return entry

    def category(self, category: Category) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": category.id, "label": category.label.get(self.lang, category.id), "level": category.level,
            "location": self.location(category.span),
        }
        if category.group:
            entry["group"] = category.group
        if category.source:
            entry["source"] = category.source
        if category.level == "household":
            entry.update(self.outcome_entry(self.program.category_outcome(self.ctx, category.id), self.ctx))
        else:
            entry["members"] = [
                self.outcome_entry(self.program.category_outcome(m, category.id), m) for m in self.ctx.members
            ]
            entry["assigned"] = any(m["assigned"] for m in entry["members"])
        return entry

    # accounting and assistance --------------------------------------------------------

    def accounting(self) -> dict[str, Any]:
        p, hh = self.policy, self.ctx.household
        lines = []
        for line in hh.income:
            kind = p.income[line.type]
            share = self.program.shares[line.type]
            item: dict[str, Any] = {"type": line.type, "label": kind.label.get(self.lang, line.type),
                                    "amount": self.show(line.amount, "rate"), "counted": kind.counted}
            if line.member:
                item["member"] = line.member
            if kind.counted:
                item["share"] = f"{(share * 100).normalize():f}%"
                item["counted_amount"] = self.show(EXACT.multiply(line.amount, share), "rate")
            if kind.source:
                item["source"] = kind.source
            lines.append(item)
        expenses = []
        for line in hh.expenses:
            kind_e = p.expenses[line.type]
            item = {"type": line.type, "label": kind_e.label.get(self.lang, line.type),
                    "amount": self.show(line.amount, "rate"), "rigid": kind_e.rigid}
            if line.member:
                item["member"] = line.member
            expenses.append(item)
        memo = self.ctx.memo
        return {"income": lines, "expenses": expenses,
                "counted_income": self.show(memo["counted_income"], "rate"),
                "exempt_income": self.show(memo["exempt_income"], "rate"),
                "rigid_expenses": self.show(memo["rigid_expenses"], "rate")}

    def grant(self, grant: Grant) -> dict[str, Any]:
        measure = grant.measure
        per = measure.per
        dept = self.policy.departments.get(measure.department)
        entry: dict[str, Any] = {
            "id": measure.id, "label": measure.label.get(self.lang, measure.id),
            "department": dept.get(self.lang, measure.department) if dept else measure.department,
            "option": grant.option.id, "location": self.location(grant.option.when.span),
        }
        if grant.member:
            entry["member"] = grant.member
        if measure.source:
            entry["source"] = measure.source
        entry["amount"] = self._amount(grant.amount, per)
        if grant.others:
            others = ", ".join(f"`{o.option.id}` {self._amount(o.amount, per)}" for o in grant.others)
            entry["higher_wins"] = self.w["higher_wins"].format(
                won=grant.option.id, amount=entry["amount"], others=others)
        return entry

    def _amount(self, amount: Decimal | None, per: str | None) -> str:
        if amount is None:
            return self.w["no_amount"]
        suffix = {"month": self.w["per_month"], "year": self.w["per_year"]}.get(per or "", "")
        return f"{grouped(amount)} {'元' if self.lang == 'zh' else 'yuan'}" + (f" {suffix}" if suffix else "")

    # the whole explanation ------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        d, p = self.decision, self.policy
        labels = [p.category(c).label.get(self.lang, c) for c in d.categories]  # type: ignore[union-attr]
        members = {m: [p.category(c).label.get(self.lang, c) for c in cats]  # type: ignore[union-attr]
                   for m, cats in d.members.items() if cats}
        out: dict[str, Any] = {
            "lang": self.lang,
            "title": self.w["title"].format(id=d.household, date=d.date.isoformat(),
                                            policy=p.meta.title.get(self.lang, p.meta.id), version=p.meta.version),
            "policy_line": self.w["policy_line"].format(file=p.file, sha=p.sha256[:12]),
            "result": {"household": labels, "members": members},
        }
        if not p.meta.in_force(d.date):
            out["note"] = self.w["outside"].format(date=d.date.isoformat(), window=p.meta.window())
        out["accounting"] = self.accounting()
        out["categories"] = [self.category(c) for c in p.categories]
        out["assistance"] = [self.grant(g) for g in d.assistance]
        return out


def explain(decision: Decision, lang: str = "zh") -> dict[str, Any]:
    """The explanation tree of a decision, in `lang` ("zh" or "en")."""
    return Explainer(decision, lang).build()
