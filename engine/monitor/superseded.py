"""A near alert measured against the lines of a policy no longer in force → what the policy in force says of it.

Input: the register (the policy versions it keeps), a day (`alerts --today`), and optionally the folder of
policies the commands read (`policy/`).
Output: for a near alert whose snapshot was decided by a policy in force on the snapshot's date but not on that day,
`superseded`: the day, the policy in force on it where one is known (its version and file) and the categories of the
alert that policy abolished, each with the day and the article of its abolition — so that the desk is told the
category no longer exists and that `reassess` is due, rather than plan a visit for it.
Invariants: the folder is read only when an alert needs it, once per list; a folder that does not load, or holds no
policy in force that day, leaves the versions the register keeps, the latest recorded first; none in force leaves
the policy unknown (`None`), never an error. Nothing is written.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from engine.model import Policy
from engine.monitor.members import Cast, citing
from engine.monitor.register import Register


class InForce:
    """The policy in force on one day, looked for once: in the folder, else among the register's versions."""

    def __init__(self, register: Register, cast: Cast, day: datetime.date, folder: Path | None):
        self.register, self.cast, self.day, self.folder = register, cast, day, folder
        self._found: tuple[Policy | None, str | None] | None = None

    def policy(self) -> tuple[Policy | None, str | None]:
        """(the policy in force on the day, its file), or (None, None)."""
        if self._found is None:
            self._found = self._look()
        return self._found

    def _look(self) -> tuple[Policy | None, str | None]:
        from engine.diagnostics import PolicyError
        from engine.selection import in_force_in_folder

        if self.folder is not None and self.folder.is_dir():
            try:
                found = in_force_in_folder(self.folder, self.day)
                return found, str(found.file)
            except PolicyError:  # a folder that does not load, or has none that day: the register's versions
                pass
        day = self.day.isoformat()
        for row in reversed(self.register.policy_rows()):
            record = self.register.policy(row)
            if record.in_force(day):
                loaded = self.cast.policy(record)
                if loaded is not None:
                    return loaded, record.file
        return None, None

    def superseded(self, categories: list[str]) -> dict[str, Any]:
        """`superseded` of a near alert about `categories`: {today, policy, file, abolished: [{id, label, absorbed_by,
        absorbed_by_labels, since, source?, cited?}]}, each abolished category as a change alert gives it (`policy`
        and `file` None where no policy in force that day is known)."""
        policy, file = self.policy()
        out: dict[str, Any] = {"today": self.day.isoformat(), "policy": policy.meta.version if policy else None,
                               "file": file, "abolished": []}
        if policy is None:
            return out
        for category in dict.fromkeys(categories):
            gone = next((a for a in policy.abolished if a.id == category), None)
            if gone is not None:
                lang = self.cast.lang
                out["abolished"].append({
                    "id": gone.id, "label": gone.label.get(lang, gone.id), "absorbed_by": list(gone.absorbed_by),
                    "absorbed_by_labels": [_label(policy, c, lang) for c in gone.absorbed_by],
                    "since": policy.abolished_since(gone).isoformat(), **citing(policy, gone.source, lang)})
        return out


def _label(policy: Policy, category: str, lang: str) -> str:
    found = policy.category(category)
    return found.label.get(lang, category) if found is not None else category
