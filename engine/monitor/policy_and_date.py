"""Which policy decides a record, and on which date: the rules of `policy eval`, for ingest and reassess.

Input: the policies to choose from (or one chosen with --policy), the folder they came from, --date (if given)
and today.
Output: a `PolicyAndDateChoice`, which gives each record its date and the policy that decides it (not a rule of
any policy: the choosing of one).
Invariants: a record is dated by --date, else its own `date`, else today, and decided by the policy chosen, else
by the one in force on that date (`engine.selection.in_force`), exactly as `policy eval` decides it; a date in
another form is left to the validator, which names it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.household import own_date
from engine.model import Policy
from engine.selection import in_force

if TYPE_CHECKING:
    from engine.batch.renamed import Renames
    from engine.export_words import Words


@dataclass(frozen=True)
class PolicyAndDateChoice:
    """How each record is given its date and the policy that decides it: the policies to choose from (or the one
    chosen), the folder they came from, --date (if given) and today."""

    policies: tuple[Policy, ...]
    chosen: Policy | None
    policy_dir: str
    forced_date: datetime.date | None
    today: datetime.date
    ignored: frozenset[str] = frozenset()  # --ignore-column: fields left out of every record and snapshot
    # --rename-column: headers of CSV tables read as the columns they hold; --rename-value: an export's words for
    # values, read as the values (CSV tables' by their reader, JSON records' by `household_from`)
    renamed: Renames | None = None

    @property
    def words(self) -> Words:
        """The words of --rename-value, for a JSON record (`engine.export_words`)."""
        return self.renamed.words if self.renamed is not None else ()

    def day(self, data: Any) -> datetime.date:
        if self.forced_date is not None:
            return self.forced_date
        return own_date(data) or self.today  # a date in another form: the validator names it

    def policy(self, day: datetime.date, data: Any = None, source: str | None = None) -> Policy:
        """The policy that decides a record dated `day`; given its `data` (read from `source`), a `date` of its own
        that no policy's window holds is a finding of that record (`engine.selection.in_force`)."""
        dated_by = data if self.forced_date is None else None
        return self.chosen or in_force(list(self.policies), day, self.policy_dir, dated_by, source)

    def candidates(self) -> tuple[Policy, ...]:
        return (self.chosen,) if self.chosen is not None else self.policies

    def index(self, policy: Policy) -> int:
        return next(i for i, p in enumerate(self.candidates()) if p is policy)
