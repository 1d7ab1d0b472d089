"""`policy diff` as text for a terminal: the changes, the impact on households and example households.

Invariants: the same input gives byte-identical output; every change names its place as `file:line` on both
sides and, once per entry, the article it cites; a changed rule shows old and new text with the differing
sub-expressions marked «…».
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from cli.diff_citations import joined
from cli.diff_impact_words import (
    absorbed_lines,
    assistance_headings,
    assistance_rows,
    bad_finding,
    cause_summary,
    cause_text,
    component_lines,
    confirm_lines,
    counts,
    grouped_bad,
    help_lines,
    impact_heading,
    legend,
    matrix_rows,
    note_lines,
    totals_notes,
    transition,
    unshown_lines,
    witness_entries,
)
from cli.diff_words import (
    SIGN,
    Words,
    detail_notes,
    detail_where,
    marked,
    pair_lines,
    places,
    setting_change,
    value_change,
)
from engine.diagnostics import Diagnostic, display_width, id_shown
from engine.diff.changes import Detail, ItemChange, PolicyDiff
from engine.diff.impact import BadRecord, Impact
from engine.diff.witness import Unshown, UnshownMove, Witness
from engine.household_input import first_names


def _detail_lines(d: Detail, item: ItemChange, w: Words, indent: str, shown: set[str]) -> list[str]:
    """The lines of one detail, and the note of a label its rule left behind; a place already shown for this item
    is not repeated."""
    return _change_lines(d, item, w, indent, shown) + [f"{indent}  {note}" for note in detail_notes(d, w.lang)]


def _change_lines(d: Detail, item: ItemChange, w: Words, indent: str, shown: set[str]) -> list[str]:
    name = w.detail_name(d, item)
    flag = f"  [{w('wording')}]" if d.wording else ""
    where = joined(*detail_where(d, w, shown))
    at = f"  {w.apart(where)}" if where else ""
    sign = SIGN[d.change] if d.change != "changed" else ""
    if d.kind == "value":
        note = f"  {w.apart(w('derived'))}" if d.derived else ""
        return [f"{indent}{sign + ' ' if sign else ''}{name}{w.colon}{value_change(d, w.lang)}{note}{flag}{at}"]
    if d.kind == "expr":
        old_words, new_words = w.worded(d, item, "old"), w.worded(d, item, "new")
        short = d.change == "changed" and len(d.old) + len(d.new) <= 60
        if short:
            old, new = marked(d.old, d.marks, "old", "«", "»"), marked(d.new, d.marks, "new", "«", "»")
            both = f"{old_words or d.old} → {new_words or d.new}" if old_words or new_words else None
            return [f"{indent}{name}{w.colon}{w.beside(both, f'{old} → {new}')}{flag}{at}"]
        if d.change == "changed":
            # its place is said before the colon the old and new lines under it follow
            return [f"{indent}{w.before_lines(name, where)}{flag}{w.colon.rstrip()}",
                    f"{indent}  {w('old')}{w.colon}{w.beside(old_words, marked(d.old, d.marks, 'old', '«', '»'))}",
                    f"{indent}  {w('new')}{w.colon}{w.beside(new_words, marked(d.new, d.marks, 'new', '«', '»'))}"]
        said = w.beside(new_words, d.new) if d.old is None else w.beside(old_words, d.old)
        return [f"{indent}{sign} {name}{w.colon}{said}{flag}{at}"]
    return [f"{indent}{name}{w.colon}{setting_change(d, item, w)}{flag}{at}"]


def _heading(item: ItemChange, w: Words) -> str:
    label = w.heading_label(item)
    said_as, id = w.entry(item)
    text = f"{SIGN[item.change]} {said_as}{id}" + (f" — {label}" if label else "")
    if item.change == "abolished":
        text += w.colon + w.abolished(item)
    else:
        text += w.heading_aside(item)
    if item.wording:
        text += f"  [{w('wording')}]"
    at = joined(places(item.old_at, item.new_at), w.cites.text(item.citation))
    return text + (f"  [{at}]" if at else "")


def diff_text(policy_diff: PolicyDiff, lang: str, style: Callable[[str, str], str] = lambda t, r: t) -> str:
    w = Words(lang, policy_diff)
    lines = [style(w.report_title(policy_diff), "title")]
    if policy_diff.notes:
        lines += ["", style(w("pair_notes"), "heading"), *[f"  {line}" for line in pair_lines(policy_diff, lang)],
                  ""]
    if policy_diff.same:
        return "\n".join([*lines, w("same")]) + "\n"
    lines.append(w("changes", n=len(policy_diff.items), w=sum(i.wording for i in policy_diff.items)))
    for section, items in policy_diff.by_section():
        lines += ["", style(w(section), "heading")]
        for item in items:
            lines.append("  " + _heading(item, w))
            shown = {places(item.old_at, item.new_at)}
            for d in w.details(item):
                lines += _detail_lines(d, item, w, "      ", shown)
    return "\n".join(lines) + "\n"


def _table(rows: list[list[str]], right: Iterable[int] = ()) -> list[str]:
    aligned = set(right)
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [(" " * (widths[i] - display_width(c)) + c) if i in aligned
                 else c + " " * (widths[i] - display_width(c)) for i, c in enumerate(row)]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def _matrix_text(counts: Counter[tuple[str, str]], w: Words) -> list[str]:
    rows, columns, cells = matrix_rows(counts, w)
    if not rows:
        return ["  " + w("none")]
    table = [["", *columns, w("total")]]
    for label, values in zip(rows, cells, strict=True):
        table.append([label, *[f"{v:,}" if v else "." for v in values], f"{sum(values):,}"])
    table.append([w("total"), *[f"{sum(col):,}" for col in zip(*cells, strict=True)],
                  f"{sum(map(sum, cells)):,}"])
    return _table(table, right=range(1, len(columns) + 2))


def impact_text(impact: Impact, lang: str, show: int, style: Callable[[str, str], str] = lambda t, r: t,
                policy_diff: PolicyDiff | None = None, warnings_file: Path | None = None) -> str:
    """The impact for people; `warnings_file`: where `--warnings` wrote every warning, if it did."""
    from cli.diff_warned import warned_text

    w = Words(lang, policy_diff)
    lines = [style(impact_heading(impact, w), "title"), counts(impact, w)]
    if impact.notes:
        lines += ["", style(w("notes"), "heading"), *[f"  {line}" for line in note_lines(impact, lang)]]
    lines += ["", style(w("matrix_households"), "heading"), *_matrix_text(impact.households, w),
              *[f"  {line}" for line in absorbed_lines(impact, w, "household")],
             "", style(w("matrix_members"), "heading"), *_matrix_text(impact.members, w),
              *[f"  {line}" for line in absorbed_lines(impact, w, "member")]]
    names = legend(impact, w)
    if names:
        lines += ["", style(w("legend"), "heading"), *[f"  {line}" for line in names]]
    if impact.components:
        lines += ["", style(w("changes_applied"), "heading")]
        lines += [f"  {line}" for line in component_lines(impact, w)]
    if impact.unusable:
        lines += ["", style(w("unusable"), "heading")]
        lines += [f"  {k}{w.colon}{d.in_lang(lang).message}" for k, d in impact.unusable.items()]
    if impact.changed:
        lines += ["", style(w("causes"), "heading")]
        summary = cause_summary(impact, w)  # labels are long: each transition on its line, its causes below
        width = max(display_width(n) for _, n, _ in summary)
        for t, n, causes in summary:
            lines.append(f"  {' ' * (width - display_width(n))}{n}  {t}")
            lines += [f"  {' ' * width}      {w('cause')}{w.colon}{c}" if len(causes) == 1 else
                      f"  {' ' * width}      {w('cause_of', n=f'{k:,}')}{w.colon}{c}" for c, k in causes]
        lines += [f"  {style(line, 'warn')}" for line in confirm_lines(impact, w)]
        listed = impact.changed if show <= 0 else impact.changed[:show]
        heading = (w("all_households", n=f"{len(impact.changed):,}") if len(listed) == len(impact.changed)
                   else w("households", shown=len(listed), n=f"{len(impact.changed):,}"))
        lines += ["", style(heading, "heading")]
        for change in listed:
            lines.append(f"  {id_shown(change.id)}{w.aside(change.source)}: {transition(change.old, change.new, w)}")
            lines.append(f"      {w('cause')}{w.colon}{cause_text(change, impact, w)}")
    measures, departments = assistance_rows(impact, w)
    lines += ["", style(w("assistance_totals"), "heading")]
    # the bad records: not in the totals, whatever a version would pay them; the grants counted for part of the year
    lines += [f"  {note}" for note in totals_notes(impact, w)]
    by_measure, by_department = assistance_headings(w)
    lines += _table([by_measure, *measures])
    lines += ["", style(w("by_department"), "heading")]
    lines += _table([by_department, *departments])

    def said(bad: BadRecord, d: Diagnostic, helped: bool) -> str:
        return bad_finding(bad, d, w, helped)

    for key, listed_bad in (("bad", impact.bad), ("stray", impact.stray)):
        if not listed_bad:
            continue
        lines += ["", style(w(key, n=f"{len(listed_bad):,}"), "heading")]
        groups, shared, more = grouped_bad(listed_bad, said, show, w)
        for at, text in groups:  # a finding of many records once: its count, then the first of them
            lines += [f"  {at[0]}{text}"] if len(at) == 1 else \
                [f"  {w('bad_group', n=f'{len(at):,}')}{text}", f"      {first_names(at, lang)}"]
        lines += [f"  {help}" for help in shared]
        lines += [f"  {w('bad_more', n=f'{more:,}')}"] if more else []
        lines += [f"  {line}" for line in help_lines(impact, lang)] if key == "bad" else []
    lines += warned_text(impact.warned, lang, warnings_file, style)
    return "\n".join(lines) + "\n"


def witness_text(found: list[Witness], lang: str, policy_diff: PolicyDiff | None = None,
                 missing: Sequence[Unshown | UnshownMove] = ()) -> str:
    w = Words(lang, policy_diff)
    lines = [w("witnesses")]
    for heading, household in witness_entries(found, w):
        lines += ["", heading, *([household] if household is not None else [])]
    if not found:
        lines.append(w("none"))
    lines += ["", *unshown_lines(missing, w)] if missing else []
    return "\n".join(lines) + "\n"
