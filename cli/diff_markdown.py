"""`policy diff --format markdown`: the text report's content as markdown (changed sub-expressions as
~~old~~ / **new**, tables for the matrices and causes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from cli.diff_citations import joined
from cli.diff_impact_words import (
    absorbed_lines,
    assistance_headings,
    assistance_rows,
    bad_finding,
    cause_rows,
    component_lines,
    confirm_lines,
    counts,
    grouped_bad,
    help_lines,
    household_rows,
    impact_heading,
    legend,
    matrix_rows,
    note_lines,
    totals_notes,
    unshown_lines,
    witness_entries,
)
from cli.diff_words import (
    SIGN,
    Words,
    detail_notes,
    detail_where,
    pair_lines,
    places,
    setting_change,
    value_change,
)
from engine.diagnostics import Diagnostic
from engine.diff.changes import Detail, ItemChange, Mark, PolicyDiff
from engine.diff.impact import BadRecord, Impact
from engine.diff.witness import Unshown, UnshownMove, Witness
from engine.household_input import first_names
from engine.markdown_text import md_cell, md_code, md_escape, md_quote, md_text


def _md_marked(text: str, marks: Iterable[Mark], side: str) -> str:
    ranges = sorted({m.old_range if side == "old" else m.new_range for m in marks})
    out, last = [], 0
    wrap = ("~~", "~~") if side == "old" else ("**", "**")
    for start, end in ranges:
        if start < last or start == end:
            continue
        out += [md_text(text[last:start]), wrap[0], md_text(text[start:end]), wrap[1]]
        last = end
    out.append(md_text(text[last:]))
    return "".join(out)


def _md_detail(d: Detail, item: ItemChange, w: Words, shown: set[str]) -> list[str]:
    return _md_change(d, item, w, shown) + [f"  - {md_escape(note)}" for note in detail_notes(d, w.lang)]


def _md_change(d: Detail, item: ItemChange, w: Words, shown: set[str]) -> list[str]:
    name = w.detail_name(d, item, ("`", "`"), md_text)
    flag = f" *{w.apart(w('wording'))}*" if d.wording else ""
    place, cited = detail_where(d, w, shown)
    where = _md_where(place, cited)
    at = f" — {where}" if where else ""
    if d.kind == "value":
        note = f" *{w.apart(w('derived'))}*" if d.derived else ""
        return [f"- {name}{w.colon}{md_text(value_change(d, w.lang))}{note}{flag}{at}"]  # a value may be text
    if d.kind == "expr":
        def worded(side: str) -> str | None:
            said = w.worded(d, item, side)
            return None if said is None else md_text(said)

        if d.change == "changed":
            return [f"- {w.before_lines(name, where)}{flag}{w.colon.rstrip()}",
                    f"  - {w('old')}{w.colon}{w.beside(worded('old'), _md_marked(d.old, d.marks, 'old'))}",
                    f"  - {w('new')}{w.colon}{w.beside(worded('new'), _md_marked(d.new, d.marks, 'new'))}"]
        text = d.new if d.old is None else d.old
        body = f"**{md_text(text)}**" if d.change == "added" else f"~~{md_text(text)}~~"
        body = w.beside(worded("new" if d.old is None else "old"), body)
        return [f"- {w(d.change)} {name}{w.colon}{body}{flag}{at}"]
    return [f"- {name}{w.colon}{md_text(setting_change(d, item, w))}{flag}{at}"]


def _md_where(place: str, cited: str) -> str:
    """`` `policy/x.yaml:48` · 大政发〔2024〕47号 附件1 ``."""
    return joined(md_code(place) if place else "", md_text(cited))


def diff_markdown(policy_diff: PolicyDiff, lang: str) -> str:
    w = Words(lang, policy_diff)
    lines = [f"# {w.report_title(policy_diff, md_code)}", ""]
    if policy_diff.notes:
        said = pair_lines(policy_diff, lang)
        lines += [f"## {w('pair_notes')}", "", *[f"- {md_escape(line)}" for line in said], ""]
    if policy_diff.same:
        return "\n".join([*lines, w("same")]) + "\n"
    lines.append(w("changes", n=len(policy_diff.items), w=sum(i.wording for i in policy_diff.items)))
    for section, items in policy_diff.by_section():
        lines += ["", f"## {w(section)}"]
        for item in items:
            label = w.heading_label(item)
            said_as, id = w.entry(item)
            head = f"{SIGN[item.change]} {md_escape(said_as)}{md_code(id)}"
            head += f" — {md_text(label)}" if label else ""
            if item.change == "abolished":
                head += w.colon + md_text(w.abolished(item))
            else:
                head += w.heading_aside(item)
            if item.wording:
                head += f" *{w.apart(w('wording'))}*"
            at = places(item.old_at, item.new_at)
            where_cited = _md_where(at, w.cites.text(item.citation))
            lines += ["", f"### {head}", *([where_cited, ""] if where_cited else [""])]
            shown = {at}
            for d in w.details(item):
                lines += _md_detail(d, item, w, shown)
    return "\n".join(lines) + "\n"


def _md_table(rows: Sequence[Sequence[str | list[str]]], right: Iterable[int] = ()) -> list[str]:
    aligned = set(right)
    out = ["| " + " | ".join(md_cell(c) for c in rows[0]) + " |",
           "|" + "|".join("---:" if i in aligned else "---" for i in range(len(rows[0]))) + "|"]
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows[1:]]
    return out


def _md_matrix(counts: Counter[tuple[str, str]], w: Words) -> list[str]:
    rows, columns, cells = matrix_rows(counts, w)
    if not rows:
        return [w("none")]
    table = [[f"{w('old')} \\ {w('new')}", *columns, w("total")]]
    table += [[r, *[f"{v:,}" if v else "·" for v in vs], f"{sum(vs):,}"] for r, vs in zip(rows, cells, strict=True)]
    table.append([w("total"), *[f"{sum(col):,}" for col in zip(*cells, strict=True)], f"{sum(map(sum, cells)):,}"])
    return _md_table(table, right=range(1, len(columns) + 2))


def impact_markdown(impact: Impact, lang: str, show: int, policy_diff: PolicyDiff | None = None,
                    warnings_file: Path | None = None) -> str:
    """The impact for a report in Markdown; `warnings_file`: where `--warnings` wrote every warning, if it did."""
    from cli.diff_warned import warned_markdown

    w = Words(lang, policy_diff)
    lines = [f"## {impact_heading(impact, w)}", "", counts(impact, w)]
    if impact.notes:
        lines += ["", f"### {w('notes')}", "", *[f"- {md_escape(line)}" for line in note_lines(impact, lang)]]
    lines += ["", f"### {w('matrix_households')}", "", *_md_matrix(impact.households, w),
              *[f"\n{md_escape(line)}" for line in absorbed_lines(impact, w, "household")],
             "", f"### {w('matrix_members')}", "", *_md_matrix(impact.members, w),
              *[f"\n{md_escape(line)}" for line in absorbed_lines(impact, w, "member")]]
    names = legend(impact, w)
    if names:
        lines += ["", f"### {w('legend')}", "", *[f"- {md_escape(line)}" for line in names]]
    if impact.components:
        lines += ["", f"### {w('changes_applied')}", ""]
        lines += [f"- {md_escape(line)}" for line in component_lines(impact, w)]
    if impact.unusable:
        lines += ["", f"### {w('unusable')}", ""]
        lines += [f"- {md_code(k)}{w.colon}{md_escape(d.in_lang(w.lang).message)}" for k, d in impact.unusable.items()]
    if impact.changed:
        lines += ["", f"### {w('causes')}", ""]
        lines += _md_table(cause_rows(impact, w), right=[0])
        confirm = confirm_lines(impact, w)
        lines += ["", *md_quote([md_escape(said) for said in confirm])] if confirm else []
        listed = impact.changed if show <= 0 else impact.changed[:show]
        heading = (w("all_households", n=f"{len(impact.changed):,}") if len(listed) == len(impact.changed)
                   else w("households", shown=len(listed), n=f"{len(impact.changed):,}"))
        lines += ["", f"### {heading}", ""]
        lines += _md_table(household_rows(listed, impact, w))
    measures, departments = assistance_rows(impact, w)
    by_measure, by_department = assistance_headings(w)
    lines += ["", f"### {w('assistance_totals')}", ""]
    for note in totals_notes(impact, w):
        lines += [md_escape(note), ""]
    lines += _md_table([by_measure, *measures], [2, 3, 4])
    lines += ["", f"### {w('by_department')}", ""]
    lines += _md_table([by_department, *departments], [1, 2, 3])

    def said(b: BadRecord, d: Diagnostic, helped: bool) -> str:  # as the text report says it: its version, its help
        return md_escape(bad_finding(b, d, w, helped))

    for key, listed_bad in (("bad", impact.bad), ("stray", impact.stray)):
        if listed_bad:
            lines += ["", f"### {w(key, n=f'{len(listed_bad):,}')}", ""]
            groups, shared, more = grouped_bad(listed_bad, said, show, w)  # a finding of many records once
            lines += [f"- {md_code(at[0])}{text}" if len(at) == 1 else
                      f"- {w('bad_group', n=f'{len(at):,}')}{w.aside(first_names(list(map(md_code, at)), lang))}{text}"
                      for at, text in groups]
            lines += ["", *[md_escape(help) for help in shared]] if shared else []
            lines += [f"- {md_escape(w('bad_more', n=f'{more:,}'))}"] if more else []
            lines += ["", *[md_escape(line) for line in help_lines(impact, lang)]] if key == "bad" and impact.helps \
                else []
    lines += warned_markdown(impact.warned, lang, warnings_file)
    return "\n".join(lines) + "\n"


def witness_markdown(found: list[Witness], lang: str, policy_diff: PolicyDiff | None = None,
                     missing: Sequence[Unshown | UnshownMove] = ()) -> str:
    w = Words(lang, policy_diff)
    lines = [f"## {w('witnesses')}"]
    for heading, household in witness_entries(found, w):
        lines += ["", f"### {heading}", *(["", "```json", household, "```"] if household is not None else [])]
    if not found:
        lines += ["", w("none")]
    lines += ["", *(f"- {md_escape(line)}" for line in unshown_lines(missing, w))] if missing else []
    return "\n".join(lines) + "\n"
