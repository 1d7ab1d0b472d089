"""`policy diff --format json`: the changes, the impact and example households as data (ids rather than labels,
both texts of a changed rule, money with two decimals).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from cli.diff_citations import Citations
from cli.diff_impact_words import left_out, left_out_by, moves_on_confirm, part_year, resting_on_confirm, unshown_lines
from cli.diff_words import Words, kept_limit, said_in, where
from engine.diff.changes import Detail, PolicyDiff
from engine.diff.impact import Impact, Outcome
from engine.diff.witness import Unshown, UnshownMove, Witness, jsonable
from engine.model import Label
from engine.values import machine


def _json_value(value: Any, d: Detail, lang: str) -> Any:
    """A detail's old or new value as JSON holds it: a number as a decimal string, a date (a source's `date:`) as its
    YYYY-MM-DD text, as the text report says it; a text the policy writes in each language in the report's, else in
    the other (the detail's `lang` says so); each value of a list so."""
    if isinstance(value, Label):
        return said_in(value, lang)[0]
    if isinstance(value, Decimal):
        return machine(value, d.unit or "number")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v, d, lang) for v in value]
    return value


def _outcome_json(o: Outcome) -> dict[str, Any]:
    return {"categories": list(o.categories), "members": {m: list(c) for m, c in o.members}}


def notes_json(notes: Iterable[tuple[str, Any]], lang: str) -> list[dict[str, str]]:
    """Notes and warnings (level, `Said`) as the JSON report gives them, in the report's language."""
    return [{"level": level, "message": said.in_lang(lang)} for level, said in notes]


def diff_json(policy_diff: PolicyDiff, lang: str, impact: Impact | None = None,
              found: list[Witness] | None = None, warnings_file: Path | None = None,
              missing: Sequence[Unshown | UnshownMove] = ()) -> dict[str, Any]:
    """The report for machines; `warnings_file`: where `--warnings` wrote every warning, if it did; `missing`: the
    changes no witness shows."""
    def side(p: Any) -> dict[str, Any]:
        return {"file": p.file, "id": p.meta.id, "version": p.meta.version, "sha256": p.sha256}

    cites = Citations(lang, policy_diff)
    words = Words(lang, policy_diff)
    changes = []
    for item in policy_diff.items:
        details = []
        for d in item.details:
            entry: dict[str, Any] = {"aspect": d.aspect, "change": d.change, "kind": d.kind,
                                     "old": _json_value(d.old, d, lang), "new": _json_value(d.new, d, lang)}
            text = d.new if d.old is None else d.old
            if isinstance(text, Label) and said_in(text, lang)[1] != lang:  # the policy has none in `lang`
                entry["lang"] = said_in(text, lang)[1]
            for key, value in (("item", d.item), ("unit", d.unit), ("old_at", where(d.old_at) or None),
                               ("new_at", where(d.new_at) or None)):
                if value is not None:
                    entry[key] = value
            for version in ("old", "new"):  # a rule in words, as the text report says it, where it says it otherwise
                said = words.worded(d, item, version)
                if said is not None:
                    entry[f"{version}_words"] = said
            if d.relative is not None:
                entry["relative_percent"] = str(d.relative)
            if d.wording:
                entry["wording"] = True
            if d.derived:
                entry["derived"] = True
            if d.marks:
                entry["marks"] = [{"old": m.old, "new": m.new, "old_range": list(m.old_range),
                                   "new_range": list(m.new_range)} for m in d.marks]
            if d.stale_label is not None:
                entry["label_numbers"] = [{"lang": n.lang, "number": n.number,
                                           "label": getattr(d.stale_label.label, n.lang)}
                                          for n in d.stale_label.numbers]
                entry["label_note"] = d.stale_label.said(lang).in_lang(lang)
            if d.kept_limits:  # limits written otherwise, the same figure on both sides
                entry["kept_limits"] = [{"aspect": k.aspect, "value": machine(k.value, k.unit), "unit": k.unit,
                                         "note": kept_limit(k, lang)} for k in d.kept_limits]
            if d.confirm is not None:
                entry["confirm"] = d.confirm.get(lang)
            if d.label_figures:  # the option's or the clause's label writes a figure to confirm
                entry["label_figures"] = [{"lang": f.lang, "number": f.number, "label": f.label,
                                           "parameter": f.parameter} for f in d.label_figures]
            if d.label_confirm is not None:
                entry["label_confirm"] = d.label_confirm.get(lang)
            entry.update(cites.json(d.citation))
            details.append(entry)
        change: dict[str, Any] = {"section": item.section, "id": item.id, "change": item.change,
                                  "label": words.item_label(item), "old_at": where(item.old_at) or None,
                                  "new_at": where(item.new_at) or None, **cites.json(item.citation),
                                  "wording": item.wording, "details": details}
        if item.absorbed_by:
            change["absorbed_by"] = list(item.absorbed_by)
        changes.append(change)
    out: dict[str, Any] = {"old": side(policy_diff.old), "new": side(policy_diff.new), "same": policy_diff.same,
                           "same_meaning": all(i.wording for i in policy_diff.items),
                           "notes": notes_json(policy_diff.notes, lang), "changes": changes}
    if impact is not None:
        out["impact"] = impact_json(impact, lang, policy_diff, warnings_file)
    if found is not None:
        out["witnesses"] = [{"level": x.level, "old": x.old, "new": x.new, "household": jsonable(x.household)}
                            for x in found]
        w = Words(lang, policy_diff)
        lines = list(zip(missing, unshown_lines(missing, w), strict=True))
        out["unshown"] = [{"change": u.change.key, "description": w.component(u.change), "message": line,
                           "unknown_to_old": list(u.unknown)} for u, line in lines if isinstance(u, Unshown)]
        out["unshown_moves"] = [{"level": u.level, "old": u.old, "new": u.new, "households": u.households,
                                 "first": {"id": u.first, "source": u.source}, "message": line}
                                for u, line in lines if isinstance(u, UnshownMove)]
    return out


def impact_json(impact: Impact, lang: str, policy_diff: PolicyDiff | None = None,
                warnings_file: Path | None = None) -> dict[str, Any]:
    from cli.diff_warned import warned_json

    w = Words(lang)  # JSON names categories and measures by id
    cites = Citations(lang, policy_diff)
    cited = {c.key: cites.json(c.item.citation) for c in impact.components}
    confirmed = {c.key: {"to_confirm": {"confirm": note.get(lang), "households": len(moved)}}
                 for c, note, moved in moves_on_confirm(impact)}  # a change's own share of `to_confirm`

    def matrix(counts: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
        return [{"old": o, "new": n, "count": c} for (o, n), c in sorted(counts.items())]

    return {
        "date": impact.day.isoformat() if impact.day else None, "records": impact.records,
        "evaluated": impact.evaluated,
        "dated_by": "--date" if impact.forced else "household",
        "dates": [{"date": d.isoformat(), "households": n} for d, n in sorted(impact.dated.items())],
        "undated": impact.undated,
        "matrix": {"household": matrix(impact.households), "member": matrix(impact.members)},
        "changes_applied": [{"key": c.key, "description": w.component(c), **cited[c.key], **(
            {"clauses": [{"id": clause, **cites.json(citation)} for clause, citation in c.clauses]}
            if c.clauses else {}), **(
            {"with": list(impact.needs[c.key])} if c.key in impact.needs else {}), **confirmed.get(c.key, {})}
            for c in impact.components],
        "to_confirm": [{"confirm": note.get(lang), "changes": [c.key for c in components], "households": n}
                       for note, components, n in resting_on_confirm(impact)],
        "unusable": {k: d.to_json(chinese=lang == "zh") for k, d in impact.unusable.items()},
        "changed": [{"id": c.id, "source": c.source, "old": _outcome_json(c.old), "new": _outcome_json(c.new),
                     "causes": [{"change": x.key, **cited.get(x.key, {}), "with": list(x.needs),
                                 "result": _outcome_json(x.result), "exact": x.exact} for x in c.causes],
                     "combination": list(c.combination)} for c in impact.changed],
        "assistance": {
            "unit": "yuan/year",
            "measures": [{"id": t.id, "department": t.department, "has_amount": t.priced, "old_count": t.old_count,
                          "new_count": t.new_count, "old_zero": t.old_zero, "new_zero": t.new_zero,
                          "old_amount": machine(t.old_amount, "rate"), "new_amount": machine(t.new_amount, "rate"),
                          "old_part_year": t.old_part_year, "new_part_year": t.new_part_year,
                          "old_starts": t.old_starts, "new_starts": t.new_starts}
                         for t in impact.measures.values()],
            "departments": [{"id": t.id, "old_count": t.old_count, "new_count": t.new_count, "old_zero": t.old_zero,
                             "new_zero": t.new_zero, "old_amount": machine(t.old_amount, "rate"),
                             "new_amount": machine(t.new_amount, "rate"), "old_part_year": t.old_part_year,
                             "new_part_year": t.new_part_year, "old_starts": t.old_starts,
                             "new_starts": t.new_starts} for t in impact.departments()],
            # the households the totals count, and the bad records they leave out (a version may well pay those)
            "households": impact.evaluated,
            "left_out": {"records": len(impact.bad), **left_out_by(impact),
                         "message": left_out(impact, w) if impact.bad else None},
            # the monthly grants that start or stop within the year, counted for the months paid (`*_part_year`
            # above), and of them those a day within the year starts (`*_starts`)
            "part_year": {**dict(zip(("old", "new"), impact.part_year, strict=True)),
                          **dict(zip(("old_starts", "new_starts"), impact.starts, strict=True)),
                          "message": part_year(impact, w)}},
        # the findings in the report's language, as `policy batch`'s errors file gives them: in Chinese under `zh`
        # (so are `unusable` above and `warned`)
        "bad": [b.to_json(chinese=lang == "zh") for b in impact.bad],
        "help": [said.in_lang(lang) for said in impact.helps],
        "stray": [b.to_json(stray=True, chinese=lang == "zh") for b in impact.stray],
        "repeated_ids": impact.repeated_ids,
        "notes": notes_json(impact.notes, lang),
        "warned": warned_json(impact.warned, warnings_file, lang),
    }
