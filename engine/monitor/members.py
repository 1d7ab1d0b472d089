"""A change alert's members as the explanation names them, what happened to them, and the articles its clauses cite.

Input: the alert of a household's change, the two snapshots it compares (their ids and policy records) and the
register they are in.
Output: the alert with, additively, each member of its clauses named as `policy monitor show --explain` names them
(`member_description`: `孙子女，18岁`, from the policy's `member_description`), its `members`: the members who
left the household or joined it between the two snapshots, and those whose age alone changed a clause or a
category of theirs (`came_of_age`, with the day they reached that age); and each clause's `source` (the article it
cites, `cited` as the explanation cites it), and each category it says abolished with the day and the article of
its abolition (`since`, `source`, `cited`), and each measure of assistance whose amount changed with its label. Also
the parameters a policy version writes as percentages, for the
values a switch of version changed to be said as the explanation says them (`50%`).
Invariants: only what the two snapshots recorded is read — their household JSON only where a member's categories or
clauses changed, or the household's size (`household_size`) did, validated again only to describe the members named;
each policy version is loaded once per list, from the cache of checked policies; a snapshot the engine can
no longer read, or a policy without `member_description`, leaves its members named by id alone, never an error.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import orjson

from engine.evaluator import whole_years
from engine.monitor.register import PolicyRecord, Register
from engine.values import kind_of

_CLAUSE_LISTS = ("clauses", "failing", "holding")


def _birth(member: dict[str, Any]) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(member.get("birth_date")))
    except ValueError:
        return None


def citing(policy: Any, source: str | None, lang: str) -> dict[str, str]:
    """`source` as the policy writes it and `cited` as the explanation cites it in `lang`; empty for no source."""
    return {"source": source, "cited": policy.meta.cite(source, lang) or source} if source else {}


def process_citation(policy: Any, lang: str) -> dict[str, str]:
    """The article the review limits of the policy's `process` section cite (统一认定流程), as `citing` gives it."""
    return citing(policy, policy.process.source if policy.process is not None else None, lang)


def _value_to_confirm(policy: Any, name: str, lang: str) -> dict[str, str]:
    """A parameter to confirm whose figure a clause's label writes: its name, and its label and `confirm` note in
    `lang`, as an explanation's closing lines name it (`低保存款限额月数`)."""
    param = policy.parameters[name]
    return {"parameter": name, "label": param.label.get(lang, name), "confirm": param.confirm.get(lang)}


class Cast:
    """The members and citations of the change alerts of one list, policies loaded once each."""

    def __init__(self, register: Register, lang: str):
        self.register, self.lang = register, lang
        self._policies: dict[int, Any] = {}
        self._citations: dict[tuple[int, str, str], dict[str, Any]] = {}

    def policy(self, record: PolicyRecord) -> Any:
        """The policy version that decided a snapshot, as the register keeps it; None when it no longer loads."""
        if record.id not in self._policies:
            from engine.diagnostics import PolicyError
            from engine.policy_cache import load_policy_bytes

            try:  # the copy the register keeps, as a replay reads it; from the cache of checked policies
                self._policies[record.id] = load_policy_bytes(record.file, record.text)[0]
            except PolicyError:
                self._policies[record.id] = None
        return self._policies[record.id]

    def shares(self, record: PolicyRecord) -> frozenset[str]:
        """The parameters the policy version writes as percentages (`70%`), said so as the explanation says them;
        none when it no longer loads, whose values are then said as the register keeps them (`0.7`)."""
        policy = self.policy(record)
        return frozenset(n for n in policy.parameters if policy.written_as_percent(n)) if policy else frozenset()

    def units(self, old: PolicyRecord, new: PolicyRecord) -> dict[str, str]:
        """The unit each value the same for every household is said in (`month`, `rate`, `amount`, as `UNIT_WORDS`
        names them), as the policies write it: a rate per month where both versions write it so (`490 yuan/month`,
        or `1.3 * dibao_standard`), else per year as the register keeps it — also where one version no longer
        loads, whose way of writing it is unknown. Shares and counts have none."""
        policies = [p for p in (self.policy(old), self.policy(new)) if p is not None]
        said: dict[str, set[str]] = {}
        for policy in policies:
            for name, node in [*((n, p.expr.node) for n, p in policy.parameters.items()),
                               *((n, d.expr.node) for n, d in policy.definitions.items())]:
                kind = kind_of(policy.types.get(id(node)))
                if kind == "rate":
                    monthly = name in policy.parameters and policy.written_monthly(node)
                    said.setdefault(name, set()).add("month" if monthly else "rate")
                elif kind == "amount":
                    said.setdefault(name, set()).add(kind)
        return {name: "month" if units == {"month"} and len(policies) == 2 else "rate" if "rate" in units or
                "month" in units else "amount" for name, units in said.items()}

    def citation(self, record: PolicyRecord, category: str, clause: str) -> dict[str, Any]:
        """The clause's `source:` and how the explanation cites it in this language (`source`, `cited`), the note
        of a ground to confirm (`confirm:`) in this language (`confirm`), and the figures of parameters to confirm its
        label writes in it (`label_figures_to_confirm`, as the explanation's clause lists them: the label is marked ⚠
        where it is said) with the parameters they are the values of (`values_to_confirm`: each its name, its label
        and its note in this language, which the alerts close with, as an explanation does); empty when it has none
        of them."""
        from engine.label_figures import figures_to_confirm

        policy = self.policy(record)
        if policy is None:
            return {}
        for c in policy.categories:
            if c.id == category:
                for w in c.clauses:
                    if w.id == clause:
                        note = w.confirm.get(self.lang) if w.confirm is not None else None
                        figures = figures_to_confirm(policy, w.label, [w.test.node], self.lang)
                        values = [_value_to_confirm(policy, name, self.lang)
                                  for name in dict.fromkeys(f["parameter"] for f in figures)]
                        return {**citing(policy, w.source, self.lang), **({"confirm": note} if note else {}),
                                **({"label_figures_to_confirm": figures, "values_to_confirm": values}
                                   if figures else {})}
        return {}

    def abolition(self, record: PolicyRecord, category: str) -> dict[str, str]:
        """When the policy version abolished `category` (`since`: its `from:`, else the version's first day) and the
        article it cites (`source`, `cited` as the explanation cites it); empty when it no longer loads."""
        policy = self.policy(record)
        gone = next((a for a in policy.abolished if a.id == category), None) if policy is not None else None
        if gone is None:
            return {}
        return {"since": policy.abolished_since(gone).isoformat(), **citing(policy, gone.source, self.lang)}

    def measure_label(self, measure: str, *records: PolicyRecord) -> str:
        """A measure of assistance as the explanation names it, by the first of the policy versions that has it; its
        id where none of them loads."""
        for record in records:
            policy = self.policy(record)
            found = next((m for m in policy.assistance if m.id == measure), None) if policy is not None else None
            if found is not None:
                return str(found.label.get(self.lang) or found.label.get("zh") or measure)
        return measure

    def cite(self, c: dict[str, Any], record: PolicyRecord) -> dict[str, Any]:
        """A clause entry — a change alert's, a near line's — with the article it cites (`source`, and `cited` as the
        explanation cites it), and its note when it is a ground to confirm (`confirm`)."""
        key = (record.id, c["category"], c["clause"])
        if key not in self._citations:
            self._citations[key] = self.citation(record, c["category"], c["clause"])
        return {**c, **self._citations[key]}

    def described(self, snapshot: dict[str, Any], record: PolicyRecord) -> dict[str, str]:
        """Each member of a snapshot described as the explanation describes them (`孙子女，18岁`)."""
        from engine.contexts import HouseholdContext
        from engine.evaluator import EvaluationError, program_for
        from engine.explain.members import describe_members
        from engine.household import HouseholdError
        from engine.intake import household_from, parse

        policy = self.policy(record)
        if policy is None or policy.meta.member_description is None:
            return {}
        day = datetime.date.fromisoformat(snapshot["date"])
        source = f"snapshot #{snapshot['id']}"
        try:
            raw = snapshot["household_json"]  # the quick check, as ingest reads households; the full one when unsure
            household = household_from(raw, *parse(raw, source), policy, source, day)
            from engine.tracing import NULL_TRACER

            return describe_members(policy, HouseholdContext(program_for(policy), household, day, NULL_TRACER),
                                    self.lang)
        except (HouseholdError, EvaluationError, ValueError):
            return {}

    def explain(self, alert: Any, latest: int, previous: int, new: PolicyRecord, old: PolicyRecord) -> Any:
        """The alert with its members named, what happened to them, and its clauses' citations."""
        # the members who changed: read from the households recorded only where a member's categories or clauses
        # changed, or the count of members did (most alerts are of income, and read nothing more)
        changed = {e["member"] for e in alert.before if e.get("member") and e not in alert.after}
        changed |= {e["member"] for e in alert.after if e.get("member") and e not in alert.before}
        changed |= {c["member"] for c in _reasons(alert) if c.get("member")}
        changed |= {p["member"] for p in alert.preempted if p.get("member")}
        # a member kept out of a category that absorbs an abolished one is named, but their age changed nothing
        named = changed | {c["member"] for c in alert.failing if c.get("member")}
        events: list[dict[str, Any]] = []
        descriptions: dict[str, str] = {}
        if named or any(v["name"] == "household_size" for v in alert.values):
            events, descriptions = self._members_of(alert, changed, named, latest, previous, new, old)

        def entry(c: dict[str, Any], record: PolicyRecord | None) -> dict[str, Any]:
            out = self.cite(c, record) if record is not None else dict(c)
            if c.get("member") in descriptions:
                out["member_description"] = descriptions[c["member"]]
            return out
        return dataclasses.replace(
            alert, members=events, clauses=[entry(c, new) for c in alert.clauses],
            failing=[entry(c, new) for c in alert.failing], holding=[entry(c, new) for c in alert.holding],
            preempted=[entry(p, None) for p in alert.preempted],
            assistance=[{**a, "label": self.measure_label(a["id"], new, old)} for a in alert.assistance],
            abolished=[{**a, **self.abolition(new, a["id"])} for a in alert.abolished])

    def _members_of(self, alert: Any, changed: set[str], named: set[str], latest: int, previous: int,
                    new: PolicyRecord, old: PolicyRecord) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """The members who left, joined or came of age between the two snapshots (of those `changed`), and how each
        member named is described."""
        recorded = self.register.recorded((latest, previous))
        after: dict[str, Any] = {"id": latest, "date": recorded[latest][0], "household_json": recorded[latest][1]}
        before: dict[str, Any] = {"id": previous, "date": recorded[previous][0],
                                  "household_json": recorded[previous][1]}
        people = {m.get("id"): m for m in _members(after)}
        earlier = {m.get("id"): m for m in _members(before)}
        day, then = datetime.date.fromisoformat(after["date"]), datetime.date.fromisoformat(before["date"])
        events: list[dict[str, Any]] = []
        for member in earlier:
            if member not in people:
                events.append({"member": member, "change": "left"})
        for member in people:
            if member not in earlier:
                events.append({"member": member, "change": "joined"})
        for member in sorted(changed & people.keys() & earlier.keys()):
            a, b = people[member], earlier[member]
            born = _birth(a)
            if a != b or born is None:
                continue  # its data changed, or no birth date: not its age alone
            age, was = whole_years(born, day), whole_years(born, then)
            if age != was:
                from engine.explain.birthdays import anniversary

                # snapshots years apart cross several birthdays: the one named is that of an age the rules read
                read = [years for years in self._ages_read(alert, member, (new, old)) if was < years <= age]
                reached = max(read, default=age)
                events.append({"member": member, "change": "came_of_age", "age": reached,
                               "date": anniversary(born, reached).isoformat()})
        descriptions: dict[str, str] = {}
        if named or events:  # (the categories of the header are named by member id, as `show` names them)
            if any(e["change"] == "left" for e in events):
                descriptions.update(self.described(before, old))
            descriptions.update(self.described(after, new))
        for e in events:
            if e["member"] in descriptions:
                e["member_description"] = descriptions[e["member"]]
        return events, descriptions

    def _ages_read(self, alert: Any, member: str, records: tuple[PolicyRecord, ...]) -> set[int]:
        """The ages the clauses of a member that changed compare its age with (of its categories gained or lost,
        when no clause of it is listed), under either snapshot's policy."""
        from engine.explain.birthdays import thresholds
        from engine.explain.phrases import static_for

        clauses = {(c["category"], c["clause"]) for c in _reasons(alert) if c.get("member") == member}
        categories = {e["id"] for e in (*alert.before, *alert.after) if e.get("member") == member
                      and (e not in alert.before or e not in alert.after)}
        ages: set[int] = set()
        for record in records:
            policy = self.policy(record)
            if policy is None:
                continue
            nodes = [w.test.node for c in policy.categories for w in c.clauses
                     if (c.id, w.id) in clauses or (not clauses and c.id in categories)]
            static = static_for(policy)
            ages.update(t.years for t in thresholds(static, static.phrases(self.lang).wording, *nodes))
        return ages


def _reasons(alert: Any) -> list[dict[str, Any]]:
    """The clauses an alert lists of categories the household had or has (not those of a category absorbing an
    abolished one, which it never had)."""
    return [c for key in _CLAUSE_LISTS for c in getattr(alert, key) if "absorbs" not in c]


def _members(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        data = orjson.loads(snapshot["household_json"])
    except orjson.JSONDecodeError:
        return []
    members = data.get("members") if isinstance(data, dict) else None
    return [m for m in members if isinstance(m, dict)] if isinstance(members, list) else []
