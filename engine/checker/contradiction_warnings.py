"""The words of a C031 warning: which tests never (or always) hold together, the values they name, and the fix.

Input: the `Checker` to warn through, its `ValueTests`, and the tests `contradictions` found (`Atom`s) with what
follows from them (`category `tekun` is never assigned`).
Output: one C031 warning each (an error, C014, for a range whose bounds cross: `in [4, 1]`, a range that ends
before it starts as an effective period or an input's bounds can), in English and Chinese, at the test, the
tests or the clause it is about: `report`
for tests that never (or always) hold together, `dead_branch` for a branch of an `or` that the `and` around it
rules out, `none_left` for an `or` none of whose branches can hold with it. The message names the tests as
written, the constants they name with their values, and what the policy declares of the value where that is part
of the reason (`as `age` takes whole numbers only`); the one help line says what to check or change.
Invariant: words only what it is given: whether the tests never or always hold is for `contradictions` to prove.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.checker.hints import listed
from engine.checker.inference import Checker
from engine.checker.value_sets import EVERYTHING, Atom, Choices, Numbers, crossed, crossing
from engine.checker.value_tests import ValueTests, literal
from engine.diagnostics import Said, Span, chinese_joined
from engine.model import Expr
from engine.syntax import ast
from engine.syntax.printer import number_text, to_text
from engine.values import human, listed_said
from engine.values import listed as spoken  # (`listed` here is the checker's, of names in backticks)


class ContradictionWarnings:
    """The C031 warnings of one policy's check."""

    def __init__(self, checker: Checker, tests: ValueTests):
        self.checker = checker
        self.tests = tests

    def report(self, atoms: list[Atom], always: bool, consequence: Said | None,
               across: tuple[Expr, list[Any]] | None) -> None:
        """Tests of one value that never all hold (with `always`: that always hold, one of them at least); `across`,
        the clause the last of them is in and the earlier clauses of its category the others are in."""
        subject = atoms[0].subject
        written = [to_text(a.node) for a in atoms]
        values = self._values(atoms)
        declared = self._declared(subject, atoms, always)
        of = f"`{to_text(subject)}`"
        if across is not None:
            test, earlier = across
            span = test.span
            ids = [c.id for c in earlier]
            several = len(earlier) > 1
            clauses = Said(("clauses " if several else "clause ") + listed(ids), listed(ids, "zh"))
            lines = ("lines " if several else "line ") + ", ".join(str(c.test.span.line) for c in earlier)
            lines_zh = "第 " + "、".join(str(c.test.span.line) for c in earlier) + " 行"
            if always:
                message = Said(f"this clause or {clauses.en} ({lines}) always holds: "
                               f"{_joined(written, 'or')} take in every value of {of}{values.en}",
                               f"本条款或条款 {clauses.zh}（{lines_zh}）总是成立：{_joined(written, '或', 'zh')} "
                               f"合起来包括了 {of} 的所有取值{values.zh}")
            else:
                message = Said(f"this clause and {clauses.en} ({lines}) can never {'all' if several else 'both'} "
                               f"hold: {_joined(written, 'and')} exclude each other{values.en}",
                               f"本条款与条款 {clauses.zh}（{lines_zh}）不可能同时成立："
                               f"{_joined(written, '与', 'zh')} 互相矛盾{values.zh}")
        else:
            span = _spanning(atoms)
            if len(atoms) == 1:
                message = self._alone(atoms[0], always, Said("", "") if crossing(atoms[0], always) else values)
            elif always:
                message = Said(f"{_joined(written, 'or')} always holds: together they take in every value of "
                               f"{of}{values.en}",
                               f"{_joined(written, '或', 'zh')} 总是成立：合起来包括了 {of} 的所有取值{values.zh}")
            else:
                message = Said(f"{_joined(written, 'and')} can never all hold: they exclude each other{values.en}"
                               if len(atoms) > 2 else
                               f"{_joined(written, 'and')} can never both hold: they exclude each other{values.en}",
                               f"{_joined(written, '与', 'zh')} 不可能同时成立：互相矛盾{values.zh}")
        message = Said(message.en + declared.en, message.zh + declared.zh)
        help = self._help(atoms, always, consequence, across is not None)
        if across is None and len(atoms) == 1 and crossing(atoms[0], always):
            # one range that ends before it starts, by the policy's own values: meant as no other range is (C014)
            self.checker.error("C014", message, span, help)
            return
        self.checker.warning("C031", message, span, help)

    def dead_branch(self, branch: ast.Node, found: list[Atom], given: list[Atom], live: list[ast.Node],
                    clauses: dict[int, Any] | None, reductions: dict[int, ast.Node]) -> None:
        """A branch of an `or` that cannot hold with the tests the `and` around it needs (`found`, of `given`);
        `live`, the branches left. `reductions`: a test an `or` before it came down to → that `or`."""
        needed = self._needed(found, given, clauses, reductions)
        values, declared = self._values(found), self._declared(found[0].subject, found, False)
        left = _joined([to_text(b) for b in live], "or")
        left_zh = _joined([to_text(b) for b in live], "或", "zh")
        of = f"`{to_text(found[0].subject)}`"
        message = Said(f"`{to_text(branch)}` can never hold together with {needed.en}, which this condition needs as "
                       f"well{values.en}{declared.en}",
                       chinese_joined(f"`{to_text(branch)}` 不可能与本条件同样要求的", needed.zh, "同时成立",
                                      values.zh, declared.zh))
        help = Said(f"no value of {of} meets both, so this `or` comes down to {left}: check the bound or the value "
                    f"that is wrong, or remove `{to_text(branch)}`",
                    f"{of} 没有任何取值能同时满足两者，这个 `or` 因此只剩 {left_zh}：请核对写错的界限或取值，"
                    f"或删去 `{to_text(branch)}`")
        self.checker.warning("C031", message, branch.span, help)

    def none_left(self, part: ast.Node, founds: list[list[Atom]], given: list[Atom], consequence: Said | None,
                  clauses: dict[int, Any] | None, reductions: dict[int, ast.Node]) -> None:
        """An `or` none of whose branches can hold with the tests the `and` around it needs."""
        every = [a for found in founds for a in found]
        needed = self._needed(list({id(a): a for a in every}.values()), given, clauses, reductions)
        values = self._values(every)
        message = Said(f"`{to_text(part)}` can never hold together with {needed.en}, which this condition needs as "
                       f"well: none of its branches can{values.en}",
                       chinese_joined(f"`{to_text(part)}` 不可能与本条件同样要求的", needed.zh,
                                      "同时成立：它的各个分支都不可能", values.zh))
        so = Said(f", so {consequence.en}", f"，{consequence.zh}") if consequence is not None else Said("", "")
        help = Said(f"the condition never holds{so.en}: check the bound or the value that is wrong",
                    f"这个条件永远不成立{so.zh}：请核对写错的界限或取值")
        self.checker.warning("C031", message, part.span, help)

    def _needed(self, found: list[Atom], given: list[Atom], clauses: dict[int, Any] | None,
                reductions: dict[int, ast.Node]) -> Said:
        """The tests of the `and` among `found`, as written, each of another clause with its id and line."""
        tests = []
        for atom in found:
            if not any(atom is g for g in given):
                continue
            reduced = reductions.get(id(atom))
            clause = clauses.get(id(atom.node)) or clauses.get(id(reduced)) if clauses is not None else None
            notes = [Said(f"all that `{to_text(reduced)}` comes down to", f"`{to_text(reduced)}` 实际只剩它")] \
                if reduced is not None else []
            if clause is not None:
                line = clause.test.span.line
                notes.append(Said(f"clause `{clause.id}`, line {line}", f"条款 `{clause.id}`，第 {line} 行"))
            at = Said(f" ({', '.join(n.en for n in notes)})", f"（{'；'.join(n.zh for n in notes)}）") if notes \
                else Said("", "")
            tests.append(Said(f"`{to_text(atom.node)}`{at.en}", f"`{to_text(atom.node)}`{at.zh}"))
        return listed_said(tests)

    def _alone(self, atom: Atom, always: bool, values: Said) -> Said:
        written = f"`{to_text(atom.node)}`"
        if crossing(atom, always):
            assert isinstance(atom.node, ast.InRange)
            start, end = (self._bound(b) for b in (atom.node.low, atom.node.high))
            if self.tests.constant(atom.node.low) == self.tests.constant(atom.node.high):
                return Said(f"{written} can never hold: the range starts and ends at {start.en}, and leaves that "
                            "value out",
                            chinese_joined(f"{written} 永远不成立：这个区间的起点与终点都是", start.zh,
                                           "，却又不包括这个值"))
            return Said(f"{written} can never hold: the range starts at {start.en} and ends at {end.en}, before it "
                        "starts",
                        chinese_joined(f"{written} 永远不成立：这个区间的起点", start.zh, "大于终点", end.zh,
                                       "，没有任何值落在其中"))
        if always:
            return Said(f"{written} always holds{values.en}", f"{written} 总是成立{values.zh}")
        return Said(f"{written} can never hold{values.en}", f"{written} 永远不成立{values.zh}")

    def _bound(self, bound: ast.Node) -> Said:
        """A bound of a range as a reader sees it: `dibao_standard` (5,880.00 yuan/year), or a figure as written."""
        value = self.tests.constant(bound)
        assert value is not None
        if literal(bound):
            return Said(_shown(*value, "en"), _shown(*value, "zh"))
        return Said(f"`{to_text(bound)}` ({_shown(*value, 'en')})", f"`{to_text(bound)}`（{_shown(*value, 'zh')}）")

    def _values(self, atoms: list[Atom]) -> Said:
        """The constants the tests name, with their values: ` (`marginal_line` is 8,820.00 yuan/year, …)`."""
        seen: dict[str, tuple[Any, str]] = {}
        for atom in atoms:
            for text, value, kind in atom.named:
                seen.setdefault(text, (value, kind))
        if not seen:
            return Said("", "")
        en = ", ".join(f"`{text}` is {_shown(v, k, 'en')}" for text, (v, k) in seen.items())
        zh = "，".join(f"`{text}` 为 {_shown(v, k, 'zh')}" for text, (v, k) in seen.items())
        return Said(f" ({en})", f"（{zh}）")

    def _declared(self, subject: ast.Node, atoms: list[Atom], always: bool) -> Said:
        """What the policy declares of the value, where that is part of the reason."""
        family = type(atoms[0].holds)
        domain = self.tests.domain(subject, family)
        met: Any = Numbers(EVERYTHING) if family is Numbers else Choices(frozenset(), True)
        for atom in atoms:
            met = met.meet(atom.holds.complement() if always else atom.holds)
        of = f"`{to_text(subject)}`"
        if met.empty:
            return Said("", "")
        if not met.meet(domain).empty:  # no value in between is whole: only a fraction is left
            if not isinstance(met, Numbers) or not self.tests.whole(subject):
                return Said("", "")
            whole = Said(f", as {of} takes whole numbers only", f"，因为 {of} 只取整数")
            if met.whole().meet(domain.whole()).empty and not met.whole().empty:  # type: ignore[union-attr]
                declared = self._declared_range(subject, of)
                return Said(f"{whole.en} and {declared.en}", f"{whole.zh}，{declared.zh}")
            return whole
        if isinstance(domain, Choices):
            field = self.tests.input_of(subject)
            shown = ", ".join(to_text(ast.String(v)) if isinstance(v, str) else str(v).lower()
                              for v in sorted(domain.values, key=str))
            if field is not None and field.type == "enum":
                shown = ", ".join(to_text(ast.String(v)) for v in field.values)
            return Said(f": {of} takes only {shown}", f"：{of} 的取值只有 {shown.replace(', ', '、')}")
        declared = self._declared_range(subject, of)
        return Said(f": {of} {declared.en}", f"：{of} {declared.zh}")

    def _declared_range(self, subject: ast.Node, of: str) -> Said:
        """`is declared from 1 to 4` (`声明的取值范围为 1 至 4`): the `minimum` and `maximum` of the input `subject`."""
        field = self.tests.input_of(subject)
        assert field is not None
        low, high = field.minimum, field.maximum
        if low is not None and high is not None:
            return Said(f"is declared from {number_text(low)} to {number_text(high)}",
                        f"声明的取值范围为 {number_text(low)} 至 {number_text(high)}")
        if low is not None:
            return Said(f"is declared at least {number_text(low)}", f"声明的最小值为 {number_text(low)}")
        assert high is not None
        return Said(f"is declared at most {number_text(high)}", f"声明的最大值为 {number_text(high)}")

    def _help(self, atoms: list[Atom], always: bool, consequence: Said | None, across: bool) -> Said:
        of = f"`{to_text(atoms[0].subject)}`"
        if always and len(atoms) == 1:
            fix = Said("name only the values meant", "请只写应当包括的取值") if isinstance(atoms[0].holds, Choices) \
                else Said("correct its bound", "请改正它的界限")
            return Said(f"it holds for every household and decides nothing: {fix.en}, or remove the test",
                        f"它对任何家庭都成立，起不到区分作用：{fix.zh}，或删去这项判断")
        if always:
            return Said("it holds for every household and decides nothing: check the bound or the value that is wrong"
                        + ("" if across else ", or write `and` if both are meant"),
                        "它对任何家庭都成立，起不到区分作用：请核对写错的界限或取值"
                        + ("" if across else "；如果两者都要满足，请改用 `and`"))
        so = Said(f", so {consequence.en}", f"，{consequence.zh}") if consequence is not None else Said("", "")
        node = atoms[0].node
        if len(atoms) == 1 and crossing(atoms[0], always) and isinstance(node, ast.InRange) and \
                self.tests.constant(node.low) != self.tests.constant(node.high):
            swapped = f"`{to_text(_swapped(node))}`"
            return Said(f"no value of {of} meets it{so.en}: if the bounds are the wrong way round, write {swapped}",
                        f"{of} 没有任何取值能满足它{so.zh}：如果起点与终点写反了，请改为 {swapped}")
        if len(atoms) == 1:
            return Said(f"no value of {of} meets it{so.en}: check the bounds or the values it names",
                        f"{of} 没有任何取值能满足它{so.zh}：请核对它的界限或取值")
        either = "" if across else ", or write `or` if either is meant"
        either_zh = "" if across else "；如果满足其一即可，请改用 `or`"
        them = Said("both", "两者") if len(atoms) == 2 else Said("them all", "它们")
        swap = Said("", "")
        if crossed(atoms):  # a lower bound above an upper bound: most often the two written the wrong way round
            swap = Said(" (a lower bound above the upper one: if they are the wrong way round, swap them)",
                        "（下限高于上限：如果两者写反了，请互换）")
        return Said(f"no value of {of} meets {them.en}{so.en}: check the bound or the value that is wrong{swap.en}"
                    f"{either}",
                    f"{of} 没有任何取值能同时满足{them.zh}{so.zh}：请核对写错的界限或取值{swap.zh}{either_zh}")


def _swapped(range_: ast.InRange) -> ast.InRange:
    """The range with its start and end exchanged, each side keeping its bracket: `[4, 1]` → `[1, 4]`."""
    return dataclasses.replace(range_, low=range_.high, high=range_.low)


def _shown(value: Any, kind: str, lang: str) -> str:
    return to_text(ast.String(value)) if isinstance(value, str) else human(value, kind, lang)


def _joined(written: list[str], word: str, lang: str = "en") -> str:
    """`a` and `b`; `a`, `b` and `c` (in Chinese `a`、`b` 与 `c`)."""
    quoted = [f"`{w}`" for w in written]
    if lang != "zh" or len(quoted) == 1:
        return spoken(quoted, "en", last=word)
    return f"{'、'.join(quoted[:-1])} {word} {quoted[-1]}"


def _spanning(atoms: list[Atom]) -> Span:
    """From the first test named to the last, as written."""
    spans = sorted(a.node.span for a in atoms)
    first, last = spans[0], max(spans, key=lambda s: (s.end_line, s.end_column))
    return Span(first.file, first.line, first.column, last.end_line, last.end_column)
