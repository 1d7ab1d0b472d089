"""The values of one household on one date (and of each member), computed on demand.

Input: the compiled `Program` of a policy, a validated `Household`, the evaluation date and a
tracer. Output: contexts the program's closures read — inputs, income and expense totals per
type (per household and per member), and each definition and category, memoised.
Invariants: every value is computed at most once per context; arithmetic is exact (`EXACT`);
a household's contexts hold no reference cycle (members see their household through a weak
proxy), so a dropped decision is freed at once.
"""

from __future__ import annotations

import datetime
import weakref
from collections.abc import Set as AbstractSet
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any

from engine.household import Household, Member
from engine.model import Level
from engine.tracing import Tracer

if TYPE_CHECKING:
    from engine.evaluator import Program

EXACT = Context(prec=60, rounding=ROUND_HALF_UP)
# its methods bound once: `EXACT.add` looks the name up by comparing it with `traps` and `flags` first and makes the
# method anew at each call (about 700 instructions)
exact_add, exact_multiply, exact_divide = EXACT.add, EXACT.multiply, EXACT.divide
ZERO = Decimal(0)
ONE_AS_IS = Decimal(1).as_tuple()  # a factor that gives back the other, its digits and exponent (not 1.0)

UNSET: Any = object()  # not computed yet (a computed value may be None)
_OWN = frozenset({"own_income", "own_expenses", "own_counted_income"})  # the totals kept per member


def kept_totals(reads: AbstractSet[str]) -> tuple[bool, bool, bool, bool, bool]:
    """What a household's context keeps of its lines, from the totals the rules read (`Program.reads`): whether it
    keeps any member's own, the household's income by type, each member's, the household's expenses by type, each
    member's. Worked out once a policy, not at every household."""
    return (bool(reads & _OWN), "income" in reads, "own_income" in reads, "expenses" in reads, "own_expenses" in reads)


class HouseholdContext:
    """The values of one household on one date, computed on demand.

    `hh` is the household context whatever the context (here a weak proxy of itself, in a
    member a weak proxy of its household): no reference cycle, so a dropped decision is freed
    at once, without waiting for the cyclic garbage collector. Member contexts are therefore
    used while their household context (or the decision holding it) is kept. `hh_memo` and
    `hh_fields` are the household's memo and fields, read directly by every context.
    """

    level: Level = "household"
    member_id: str | None = None

    def __init__(self, program: Program, household: Household, date: datetime.date, tracer: Tracer):
        self.program = program
        self.household = household
        self.hh: HouseholdContext = weakref.proxy(self)
        self.hh_fields = household.fields
        self.date = date
        self.tracer = tracer
        self.tracing = tracer.active
        # the values the same for every household to start with; traced, each is computed as the rules read it
        self.memo: dict[str, Any] = {} if self.tracing else program.policy_wide.copy()
        self.hh_memo = self.memo
        self.members = [MemberContext(self, m) for m in household.members]
        self._account()

    def _account(self) -> None:
        """The sums of the household's lines: counted and exempt income, rigid expenses, and the totals by type (of
        the household, of each member) that the policy's rules read (`Program.reads`); the others stay the shared
        zeros, for no rule reads them."""
        program = self.program
        own, income, own_income, expenses, own_expenses = program.keeps
        self.income_totals, self.expense_totals = program.zero_income, program.zero_expenses
        by_member = {m.member.id: m for m in self.members} if own else {}
        counted, exempt = self._income(program, by_member, income, own_income)
        rigid = self._expenses(program, by_member, expenses, own_expenses)
        memo = self.memo
        memo["counted_income"], memo["exempt_income"], memo["rigid_expenses"] = counted, exempt, rigid

    def _income(self, program: Program, by_member: dict[str, MemberContext], totals: bool,
                own: bool) -> tuple[Decimal, Decimal]:
        counted_share, in_full = program.counted_share, program.counted_in_full
        if totals:
            self.income_totals = program.zero_income.copy()
        counted = exempt = ZERO
        for line in self.household.income:
            kind, amount = line.type, line.amount
            if totals:
                self.income_totals[kind] += amount
            owner = by_member.get(line.member) if line.member else None
            if own and owner is not None:
                if owner.own_income is program.zero_income:
                    owner.own_income = program.zero_income.copy()
                owner.own_income[kind] += amount
            share = counted_share[kind]
            if share is not None:
                share = amount if kind in in_full else exact_multiply(amount, share)
                counted += share
                if owner is not None:
                    owner.own_counted += share
            else:
                exempt += amount
        return counted, exempt

    def _expenses(self, program: Program, by_member: dict[str, MemberContext], totals: bool, own: bool) -> Decimal:
        rigid_types = program.rigid
        if totals:
            self.expense_totals = program.zero_expenses.copy()
        rigid = ZERO
        for line in self.household.expenses:
            kind, amount = line.type, line.amount
            if totals:
                self.expense_totals[kind] += amount
            if own and line.member and line.member in by_member:
                owner = by_member[line.member]
                if owner.own_expenses is program.zero_expenses:
                    owner.own_expenses = program.zero_expenses.copy()
                owner.own_expenses[kind] += amount
            if kind in rigid_types:
                rigid += amount
        return rigid

    def value(self, name: str) -> Any:
        result = self.memo.get(name, UNSET)
        if result is not UNSET:
            return result
        fn = self.program.household_definitions[name]
        if self.tracing:
            self.tracer.enter("definition", name, None)
            result = fn(self)
            self.tracer.exit(result)
        else:
            result = fn(self)
        self.memo[name] = result
        return result

    def assigned(self, category_id: str) -> bool:
        return self.program.category_outcome(self, category_id).assigned


class MemberContext:
    """The values of one member, inside a household context."""

    level: Level = "member"

    def __init__(self, hh: HouseholdContext, member: Member):
        self.hh = hh.hh  # weak: the household context holds its members
        self.member_id = member.id
        self.hh_fields = hh.hh_fields
        self.hh_memo = hh.memo  # the household's values, read without going through the proxy
        self.program = hh.program
        self.date = hh.date  # (and these, read for every member: a proxy's attribute costs more)
        self.tracing = hh.tracing
        self.member = member
        self.fields = member.fields
        self.memo: dict[str, Any] = {}
        # the policy's shared zeros until `_account` gives the member a line (it copies them first)
        self.own_income: dict[str, Decimal] = hh.program.zero_income
        self.own_expenses: dict[str, Decimal] = hh.program.zero_expenses
        self.own_counted = ZERO

    def value(self, name: str) -> Any:
        result = self.memo.get(name, UNSET)
        if result is not UNSET:
            return result
        fn = self.program.member_definitions[name]
        if self.tracing:
            hh = self.hh
            hh.tracer.enter("definition", name, self.member.id)
            result = fn(self)
            hh.tracer.exit(result)
        else:
            result = fn(self)
        self.memo[name] = result
        return result

    def assigned(self, category_id: str) -> bool:
        return self.hh.program.category_outcome(self, category_id).assigned


Ctx = HouseholdContext | MemberContext
