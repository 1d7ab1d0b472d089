"""Applications and their review deadlines: `policy monitor apply` and `close`.

Input: a household id, the application date, whether it is a special case, and
the policy in force on that date (its `process` section gives the limits).
Output: the recorded application with its due date — the review limit counted
in Chinese working days after the application date (`engine.monitor.workdays`).
Invariants: a household has at most one undecided application; a due date is
never guessed: a policy without a `process` section, a special case without a
special limit, or a year the calendar does not cover is refused with
`DeadlineError`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from engine.model import Policy
from engine.monitor.register import Register
from engine.monitor.workdays import NO_SUPPLEMENT, CalendarNotCovered, Supplement, add_working_days


class DeadlineError(Exception):
    def __init__(self, message: str, help: str | None = None):
        self.help = help
        super().__init__(message)


@dataclass(frozen=True)
class Application:
    household: str
    applied: datetime.date
    special: bool
    working_days: int
    due: datetime.date
    policy_version: str


def review_limit(policy: Policy, special: bool) -> int:
    """The review limit in working days the policy sets for an application."""
    process = policy.process
    if process is None:
        raise DeadlineError(f"{policy.file} has no `process` section, so it sets no review deadline",
                            help="add `process: {review_working_days: 25, special_case_working_days: 40}`")
    if not special:
        return process.review_working_days
    if process.special_case_working_days is None:
        raise DeadlineError(f"{policy.file} sets no limit for special cases (`special_case_working_days`)",
                            help="leave out --special, or add the limit to the policy's `process` section")
    return process.special_case_working_days


def due_date(policy: Policy, applied: datetime.date, special: bool,
             supplement: Supplement = NO_SUPPLEMENT) -> tuple[int, datetime.date]:
    """(working days, due date) of an application made on `applied`."""
    days = review_limit(policy, special)
    try:
        return days, add_working_days(applied, days, supplement)
    except CalendarNotCovered as error:
        raise DeadlineError(str(error), help=error.help) from None


def record_application(register: Register, household: str, applied: datetime.date, special: bool,
                       policy: Policy, supplement: Supplement = NO_SUPPLEMENT) -> Application:
    days, due = due_date(policy, applied, special, supplement)
    with register.transaction():
        open_one = register.open_application(household)
        if open_one is not None:
            raise DeadlineError(f"household {household} already has an undecided application of {open_one[1]} "
                                f"(due {open_one[2]})",
                                help=f"record its decision first: policy monitor close {household} --date D")
        register.add_application(household, applied.isoformat(), special, days, due.isoformat(),
                                 register.policy_id(policy))
    return Application(household, applied, special, days, due, policy.meta.version)


def close_application(register: Register, household: str, decided: datetime.date) -> tuple[str, str]:
    """Mark the household's undecided application as decided on `decided`; returns (applied, due)."""
    with register.transaction():
        open_one = register.open_application(household)
        if open_one is None:
            raise DeadlineError(f"household {household} has no undecided application",
                                help=f"record one with: policy monitor apply {household} --date D")
        if decided.isoformat() < open_one[1]:
            raise DeadlineError(f"the decision date {decided.isoformat()} is before the application "
                                f"date {open_one[1]}")
        register.decide_application(open_one[0], decided.isoformat())
    return open_one[1], open_one[2]
