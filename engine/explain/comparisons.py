"""A comparison of one household said with its values: both sides, the margin, and what would make it hold.

Input: a decision's household context, its compiled program, the words and phrases of one language; then a
comparison's plan (`plans.Comparison`), its verdict and the context it is decided in.
Output: `Comparisons`, whose `fill` adds a comparison's part to its clause's entry — both sides, the margin, the
sentence, and for a failed threshold what would make it hold: for a per-head value the household total too, and
where the value compared is income counted at a share (a wage at 80%), what that asks of the income as the family
receives it (`as_received`, weighed by `received`); where other failed clauses read no income (`blocked`), only that
no change of income would change the decision. `statement` says a comparison inside a yes/no rule (no hint; its margin
in a rule met; where it is the part that fails, what it must be, by the figure of its right side).
Invariant: only reads the evaluation; the lines of income a side weighs are grouped once per side and context.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.evaluator import EXACT, Ctx, HouseholdContext, Program
from engine.explain.phrases import Phrases
from engine.explain.plans import AfterHint, Comparison
from engine.explain.received import LineGroup, groups
from engine.explain.words import members_said
from engine.values import CENT, alike, apart_as_shown, listed, places_apart, points, share_percent, thousands_to


class Comparisons:
    """The comparisons of one decision, said in one language."""

    def __init__(self, program: Program, ctx: HouseholdContext, w: dict[str, str], phrases: Phrases):
        self.program = program
        self.ctx = ctx
        self.w = w
        self.phrases = phrases
        shares = program.counted_share  # only income counted at a share (a wage at 80%) has a hint of its own
        self.at_a_share = any(shares.get(line.type) not in (None, 1) for line in ctx.household.income)
        self.grouped: dict[tuple[int, int], list[LineGroup] | None] = {}  # an income side's lines, by side and context
        # the finest place, past the fen, a clause's figures were shown to (None: the fen), for the working under it
        self.places: Decimal | None = None
        # whether a comparison inside a yes/no rule that holds says its margin, as a threshold alone does: in a rule
        # met; in one that fails, only the part that fails is told, by what it must be
        self.margins = False

    def _values(self, c: Comparison, ctx: Ctx) -> tuple[Any, Any]:
        """Both sides' values (the right one worked out once where it is the same for every household)."""
        return c.left(ctx), c.right(ctx) if c.right_shown is None else c.right_value

    def _shown(self, c: Comparison, left: Any, right: Any, ctx: Ctx) -> tuple[str, str, str, Decimal | None]:
        """Both sides as shown, the right one as said, and the place past the fen they are shown to (None: the fen).
        Amounts that differ but would show alike are shown to the place where they differ (`6,119.997 < 6,120.00`),
        so that the relation between them reads true; that place is kept in `places` for the working under the
        clause, which shows them, and the amounts that make them, to it too (`18,359.99 ÷ 3 = 6,119.997`)."""
        if c.money and type(left) is Decimal and type(right) is Decimal and alike(left, right):
            places = places_apart(left, right)
            self.places = places if self.places is None else min(self.places, places)
            shown_right = c.united(thousands_to(right, places))
            said_right = c.zero if c.zero is not None else c.rhs.said(ctx, shown_right, places)
            return c.united(thousands_to(left, places)), shown_right, said_right, places
        if c.percent and type(left) is Decimal and type(right) is Decimal and left != right \
                and c.show(left) == c.show(right):  # shares the hundredth of a percent writes alike: finer
            places = places_apart(left * 100, right * 100)
            shown_left, shown_right = share_percent(left, places), share_percent(right, places)
            return shown_left, shown_right, c.rhs.said(ctx, shown_right), None
        if c.right_shown is not None and c.right_said is not None:  # a right side the same for every household
            return c.show(left), c.right_shown, c.right_said, None
        shown_right = c.show(right)
        return c.show(left), shown_right, c.rhs.said(ctx, shown_right), None

    def statement(self, c: Comparison, ctx: Ctx) -> str:
        """A comparison inside a yes/no rule, said with its values (no hint), and its margin where `margins`."""
        left, right = self._values(c, ctx)
        if left is None or right is None:
            return c.missing["sentence"].rpartition(" → ")[0]
        if c.nothing is not None and left == 0:
            return c.nothing
        symbol = "<" if left < right else (">" if left > right else "=")
        shown_left, shown_right, said_right, places = self._shown(c, left, right, ctx)
        said = f"{c.lhs.said(ctx, shown_left, places)} {symbol} {said_right}"
        if c.holds is not None and not c.holds(left, right):
            before, after = c.unmet  # which part fails, and what it must be
            return said + before + shown_right + after
        if self.margins and c.relational and isinstance(left, Decimal) and isinstance(right, Decimal):
            return said + self._margin(c, left, right, symbol, True, places)[1]
        return said

    def fill(self, c: Comparison, verdict: bool, ctx: Ctx, hints: bool, out: dict[str, Any],
             blocked: AfterHint | None = None) -> None:
        """A comparison's part of its clause's entry, added to `out`: both sides, the margin, the sentence, and for
        a failed threshold what would make it hold — or, where other failed clauses read no income (`blocked`),
        only that: its figures, and the costly weighing of income as received, are left out."""
        left, right = self._values(c, ctx)
        if left is None or right is None:
            out.update(c.missing)
            return
        shown_left, shown_right, said_right, places = self._shown(c, left, right, ctx)
        symbol = "<" if left < right else (">" if left > right else "=")
        out["compared"] = [
            {"text": c.lhs.text, "label": c.lhs.label, "value": shown_left},
            {"text": c.rhs.text, "label": c.rhs.label, "value": shown_right},
        ]
        if c.nothing is not None and left == 0:
            out["sentence"] = c.nothing
            return
        sentence = f"{c.lhs.said(ctx, shown_left, places)} {symbol} {said_right}"
        if c.relational and isinstance(left, Decimal) and isinstance(right, Decimal):
            out["margin"], words = self._margin(c, left, right, symbol, verdict, places)
            sentence += words
            if not verdict and hints and c.hint:
                if blocked is not None:
                    out["would_hold_if"] = blocked.text
                    out["blocked_by"] = list(blocked.blocked_by)
                else:
                    out["would_hold_if"] = self.would_hold(c, right, shown_left, shown_right, ctx)
                    out["would_hold_if"] += self.as_received(c, left, right, ctx, out)
        elif not verdict:  # `== 0`, a date and the like: say what it must be, as a failed part does
            before, after = c.required
            sentence += before + shown_right + after
        out["sentence"] = sentence

    @staticmethod
    def _margin(c: Comparison, left: Decimal, right: Decimal, symbol: str, holds: bool,
                places: Decimal | None) -> tuple[str, str]:
        """The margin between two values as shown, and the words that say it after them, with the unit the values
        are said with (`，低 2,520.00 元/年`, `，低 165 岁`, `，低 365 个月`); equal values say whether equal is
        enough (`holds`). Between amounts it is the difference of the figures shown beside it (to the fen, or to
        `places` where they are shown apart), so that they add up when checked by hand; one of less than a fen is
        said so (`低不到 0.01 元/年`). Between shares the words say percentage points (`高 5.56 个百分点`), and the
        margin kept is the difference as it was (`0.0555…`)."""
        margin = apart_as_shown(left, right, places) if c.money else abs(left - right)
        shown = thousands_to(margin, places or CENT) if c.money else str(margin.normalize())
        if c.percent and symbol != "=":
            before, after = c.margin_words[symbol]
            return shown, before + c.united(points(margin)) + after
        if symbol == "=":
            return shown, c.sep + c.equal[holds]
        if c.zero is not None:  # the margin to zero is the value just said
            return shown, ""
        if c.money and margin < CENT:  # not nothing: figures shown apart, less than a fen from each other
            return shown, c.tiny_margin[symbol]
        before, after = c.margin_words[symbol]
        return shown, before + c.united(shown) + after

    def would_hold(self, c: Comparison, right: Decimal, shown_left: str, shown_right: str, ctx: Ctx) -> str:
        """What would make a failed threshold hold; for a per-head value, the household total too."""
        before, between, after = c.would
        text = before + shown_right + between + shown_left + after
        if c.per_head is not None:
            top, bottom, household, show, (total_before, total_between, total_after) = c.per_head
            owner = self.ctx if household else ctx
            divisor = bottom(owner)
            if isinstance(divisor, Decimal) and divisor > 0 and divisor != 1:  # of one member: the same figures
                target, now = show(EXACT.multiply(right, divisor)), show(top(owner))
                text += total_before + target + total_between + now + total_after
        return text

    def as_received(self, c: Comparison, left: Decimal, right: Decimal, ctx: Ctx, out: dict[str, Any]) -> str:
        """Where the value compared is income counted at a share (a wage at 80%), what the hint asks of the income
        as the family receives it: for each kind of line, the amount that alone would make the threshold hold and
        its amount now (also in `out["as_received"]`); where no one kind alone can, the share each is counted at."""
        if c.received is None or not self.at_a_share:
            return ""
        key = (id(c.received), id(ctx))  # several categories compare the same side (per-head income)
        if key in self.grouped:
            found = self.grouped[key]
        else:
            found = self.grouped[key] = groups(c.received(ctx), ctx, self.program.counted_share)
        if found is None:
            return ""
        move = right - left
        w, show = self.w, self.phrases.rate
        several = len(ctx.hh.members) > 1
        said, data = [], []
        for g in found:
            to = g.target(move)
            if to < 0 or (to == 0 and c.op == "<"):
                continue  # this kind alone cannot bring it there
            label, counted, share = self._line_words(g.types, g.share)
            if g.member is not None and g.member == getattr(ctx, "member_id", None):
                label = w["own"].format(label=label)  # in the member's own rule: their own wage
            elif g.member is not None and several:
                label = w["of_member"].format(label=label, member=g.member)
            elif len(g.members) > 1:  # the wages of two earners: whose, and that the figure is their sum
                label = w["of_members"].format(label=self._line_words(g.types, g.share, together=False)[0],
                                               members=members_said(g.members, self.phrases.lang))
            target, now, gap = show(to), show(g.now), show(abs(to - g.now))
            line = w["received_line" if to != g.now else "received_line_at"]  # at the line: no gap of 0.00 to say
            said.append(line.format(label=label, rel=c.rel, target=target, now=now, gap=gap, counted=counted))
            item = {"income": list(g.types), "share": share, "target": target, "now": now, "gap": gap}
            if g.member is not None:
                item["member"] = g.member
            elif len(g.members) > 1:
                item["members"] = list(g.members)
            data.append(item)
        if not said:
            items = (w["share_item"].format(label=label, counted=counted)
                     for label, counted, _ in (self._line_words(g.types, g.share) for g in found))
            return w["received_shares"].format(shares=w["share_join"].join(items))
        out["as_received"] = data
        if len(said) == 1:  # the rest unchanged: said where other kinds of income would move the value too
            return w["received_one" if len(found) == 1 else "received_rest"].format(line=said[0], lines=said[0])
        return w["received_many"].format(lines=w["received_or"].join(said))

    def _line_words(self, types: tuple[str, ...], share: Decimal, together: bool = True) -> tuple[str, str, str]:
        """Income types as a hint names them (several as their sum, unless `together` is False: the words that name
        their members say it), how much of them is counted, and that share as written (`80%`)."""
        w, incomes = self.w, self.phrases.incomes
        label = listed((incomes[t].label for t in types), self.phrases.lang)
        if len(types) > 1 and together:
            label = w["together"].format(labels=label)
        share_text = incomes[types[0]].share_text
        counted = w["counted_in_full"] if share == 1 else w["counted_at"].format(share=share_text)
        return label, counted, share_text
