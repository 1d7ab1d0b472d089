"""`policy diff --html`: one self-contained page (inline CSS and SVG, no network) for auditors.

Input: a `PolicyDiff`, optionally its `Impact` and witnesses, and a language.
Output: the HTML text. Invariants: every piece of policy or household text is
escaped; the page loads nothing from anywhere; every word of it is in the
report's language; the transition matrices are heat-map tables (cell shade ∝
count) with the labels of the category ids they name; the assistance totals are
SVG bars, old beside new; every changed household is listed — the page is the
record an auditor keeps, so `--show` (how many the terminal lists) does not apply.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from cli.diff_citations import joined
from cli.diff_impact_words import (
    absorbed_lines,
    assistance_headings,
    assistance_rows,
    cause_rows,
    component_lines,
    confirm_lines,
    counts,
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
    marked,
    pair_lines,
    places,
    setting_change,
    value_change,
)
from engine.diagnostics import after_place
from engine.diff.changes import Detail, ItemChange, PolicyDiff
from engine.diff.impact import Impact
from engine.diff.witness import Unshown, UnshownMove, Witness
from engine.values import UNIT_WORDS, grouped

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;
max-width:1200px;padding:0 1em;color:#1d2733}
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:2px solid #dde3ea;padding-bottom:.2em}h3{margin-top:1.4em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #d5dce4;padding:.25em .6em;vertical-align:top}
th{background:#f1f4f8;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
code,.expr{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.old mark{background:#ffd7d5;text-decoration:line-through}.new mark{background:#c9f2d0}
.where{color:#667;font-size:.85em}.wording,.note{color:#8a6d00;font-size:.85em}.sign{font-weight:bold;width:1.2em}
.matrix td.n{min-width:4em}.legend{color:#667;font-size:.85em}pre{background:#f6f8fa;padding:.8em;overflow:auto}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _expr(text: str, d: Detail, side: str) -> str:
    opening, closing = "\x00", "\x01"
    body = _e(marked(text, d.marks, side, opening, closing))
    return f'<span class="expr {side}">' + body.replace(opening, "<mark>").replace(closing, "</mark>") + "</span>"


def _worded(d: Detail, item: ItemChange, w: Words, side: str, written: str) -> str:
    """One side of a rule in words, the rule as written (already HTML) beside it."""
    said = w.worded(d, item, side)
    return w.beside(None if said is None else _e(said), written)


def _detail(d: Detail, item: ItemChange, w: Words, shown: set[str]) -> str:
    name = _e(w.detail_name(d, item))
    flag = f' <span class="wording">[{_e(w("wording"))}]</span>' if d.wording else ""
    at = joined(*detail_where(d, w, shown))
    at_html = f' <span class="where">{_e(at)}</span>' if at else ""
    if d.kind == "value":
        note = f' <span class="where">{_e(w.apart(w("derived")))}</span>' if d.derived else ""
        body = _e(value_change(d, w.lang)) + note
    elif d.kind == "expr" and d.change == "changed":
        body = "<br>".join(f"{_e(w(side))}{w.colon}{_worded(d, item, w, side, _expr(text, d, side))}"
                           for side, text in (("old", d.old), ("new", d.new)))
    elif d.kind == "expr":
        side, text = ("new", d.new) if d.old is None else ("old", d.old)
        body = f"{_e(w(d.change))}{w.colon}{_worded(d, item, w, side, f'<code>{_e(text)}</code>')}"
    else:
        body = _e(setting_change(d, item, w))
    noted = "".join(f'<br><span class="note">{_e(note)}</span>' for note in detail_notes(d, w.lang))
    return f"<li><b>{name}</b>{w.colon}{body}{flag}{at_html}{noted}</li>"


def _diff(policy_diff: PolicyDiff, w: Words) -> list[str]:
    out = []
    if policy_diff.notes:
        out.append(f"<h3>{_e(w('pair_notes'))}</h3><ul>"
                   + "".join(f"<li>{_e(line)}</li>" for line in pair_lines(policy_diff, w.lang)) + "</ul>")
    if policy_diff.same:
        return [*out, f"<p>{_e(w('same'))}</p>"]
    out.append(f"<p>{_e(w('changes', n=len(policy_diff.items), w=sum(i.wording for i in policy_diff.items)))}</p>")
    for section, items in policy_diff.by_section():
        out.append(f"<h3>{_e(w(section))}</h3><table><tbody>")
        for item in items:
            label = w.heading_label(item)
            said_as, id = w.entry(item)
            head = f"{_e(said_as)}<code>{_e(id)}</code>" + (f" — {_e(label)}" if label else "")
            if item.change == "abolished":
                head += w.colon + _e(w.abolished(item))
            else:
                head += _e(w.heading_aside(item))
            if item.wording:
                head += f' <span class="wording">[{_e(w("wording"))}]</span>'
            at = places(item.old_at, item.new_at)
            shown = {at}
            details = "".join(_detail(d, item, w, shown) for d in w.details(item))
            where_cited = joined(at, w.cites.text(item.citation))
            out.append(f'<tr><td class="sign">{_e(SIGN[item.change])}</td><td>{head}'
                       f'<div class="where">{_e(where_cited)}</div><ul>{details}</ul></td></tr>')
        out.append("</tbody></table>")
    return out


def _heat(counts: Counter[tuple[str, str]], w: Words) -> str:
    rows, columns, cells = matrix_rows(counts, w)
    if not rows:
        return f"<p>{_e(w('none'))}</p>"
    top = max(max(r) for r in cells) or 1
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for label, values in zip(rows, cells, strict=True):
        tds = []
        for column, v in zip(columns, values, strict=True):
            alpha = 0.08 + 0.8 * v / top if v else 0
            hue = "46,125,50" if column == label else "198,40,40"
            style = f' style="background:rgba({hue},{alpha:.2f})"' if v else ""
            tds.append(f'<td class="n"{style} title="{_e(label)} → {_e(column)}: {v:,}">{v:,}</td>' if v else
                       '<td class="n">·</td>')
        body.append(f"<tr><th>{_e(label)}</th>{''.join(tds)}<td class='n'>{sum(values):,}</td></tr>")
    totals = "".join(f"<td class='n'>{sum(c):,}</td>" for c in zip(*cells, strict=True))
    return (f'<table class="matrix"><thead><tr><th>{_e(w("old"))} \\ {_e(w("new"))}</th>{head}'
            f'<th>{_e(w("total"))}</th></tr></thead><tbody>{"".join(body)}<tr><th>{_e(w("total"))}</th>{totals}'
            f'<td class="n">{sum(map(sum, cells)):,}</td></tr></tbody></table>'
            f'<p class="legend">{_e(w("heat_legend"))}</p>')


def _bars(impact: Impact, w: Words) -> str:
    """Old beside new for each measure that pays something, named by its label above its bars, as the table below
    names its row: a label as long as a sentence fits where a column beside the bars would cut it."""
    totals = [t for t in impact.measures.values() if t.old_amount or t.new_amount]
    if not totals:
        return ""
    top = max(max(t.old_amount, t.new_amount) for t in totals) or Decimal(1)
    row, width = 48, 640
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 170}" '
             f'height="{row * len(totals) + 14}" role="img" aria-label="{_e(w("assistance_totals"))}">']
    for i, t in enumerate(totals):
        y = 10 + i * row
        old_w, new_w = int(width * t.old_amount / top), int(width * t.new_amount / top)
        parts += [f'<text x="0" y="{y + 10}" font-size="12">{_e(w.named("assistance", t.id))}</text>',
                  f'<rect x="0" y="{y + 16}" width="{old_w}" height="12" fill="#9aa7b5"/>',
                  f'<rect x="0" y="{y + 29}" width="{new_w}" height="12" fill="#2f6fb0"/>',
                  f'<text x="{old_w + 6}" y="{y + 26}" font-size="10">{_e(grouped(t.old_amount))}</text>',
                  f'<text x="{new_w + 6}" y="{y + 39}" font-size="10">{_e(grouped(t.new_amount))}</text>']
    parts.append("</svg>")
    return "".join(parts) + f'<p class="legend">{_e(w("bars_legend", unit=UNIT_WORDS[w.lang]["rate"]))}</p>'


def _cell(cell: str | list[str]) -> str:
    """A cell's text escaped; a list, its lines, one under the other."""
    return _e(cell) if isinstance(cell, str) else "<br>".join(_e(line) for line in cell)


def _table(rows: Sequence[Sequence[str | list[str]]], numeric: set[int]) -> str:
    head = "".join(f"<th>{_cell(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{_cell(c)}</td>'
                                    for i, c in enumerate(r)) + "</tr>" for r in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _impact(impact: Impact, w: Words, warnings_file: Path | None = None) -> list[str]:
    from cli.diff_warned import warned_html

    out = [f"<h2>{_e(impact_heading(impact, w))}</h2>",
           f"<p>{_e(counts(impact, w))}</p>"]
    if impact.notes:
        out += [f"<h3>{_e(w('notes'))}</h3>",
                "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in note_lines(impact, w.lang)) + "</ul>"]
    out += [f"<h3>{_e(w('matrix_households'))}</h3>", _heat(impact.households, w),
            *[f"<p>{_e(line)}</p>" for line in absorbed_lines(impact, w, "household")],
           f"<h3>{_e(w('matrix_members'))}</h3>", _heat(impact.members, w),
            *[f"<p>{_e(line)}</p>" for line in absorbed_lines(impact, w, "member")]]
    names = legend(impact, w)
    if names:
        out += [f"<h3>{_e(w('legend'))}</h3>", "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in names) + "</ul>"]
    if impact.components:
        out += [f"<h3>{_e(w('changes_applied'))}</h3>",
                "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in component_lines(impact, w)) + "</ul>"]
    if impact.unusable:
        out += [f"<h3>{_e(w('unusable'))}</h3>",
                "<ul>" + "".join(f"<li><code>{_e(k)}</code>{_e(w.colon)}{_e(d.in_lang(w.lang).message)}</li>"
                                 for k, d in impact.unusable.items()) + "</ul>"]
    if impact.changed:
        out += [f"<h3>{_e(w('causes'))}</h3>",
                _table(cause_rows(impact, w), {0})]
        out += [f'<p class="note">{_e(line)}</p>' for line in confirm_lines(impact, w)]
        out += [f"<h3>{_e(w('all_households', n=f'{len(impact.changed):,}'))}</h3>",
                _table(household_rows(impact.changed, impact, w), set())]
    measures, departments = assistance_rows(impact, w)
    by_measure, by_department = assistance_headings(w)
    notes = [f"<p>{_e(note)}</p>" for note in totals_notes(impact, w)]
    out += [f"<h3>{_e(w('assistance_totals'))}</h3>", *notes, _bars(impact, w),
            _table([by_measure, *measures], {2, 3, 4}),
            f"<h3>{_e(w('by_department'))}</h3>",
            _table([by_department, *departments], {1, 2, 3})]
    for key, listed_bad in (("bad", impact.bad), ("stray", impact.stray)):
        if not listed_bad:
            continue
        rows = [[b.place(d, w.lang), w(b.policy) if b.policy else "", d.code, path + said.in_lang(w.lang).message]
                for b in listed_bad for d in b.diagnostics for path, said in [after_place(d, w.lang)]]
        out += [f"<h3>{_e(w(key, n=f'{len(listed_bad):,}'))}</h3>",
                _table([[w("record"), w("side"), w("code"), w("message")], *rows], set())]
        out += [f"<p>{_e(line)}</p>" for line in help_lines(impact, w.lang)] if key == "bad" else []
    return out + warned_html(impact.warned, w.lang, warnings_file)


def page(policy_diff: PolicyDiff, lang: str, impact: Impact | None = None,
         found: list[Witness] | None = None, warnings_file: Path | None = None,
         missing: Sequence[Unshown | UnshownMove] = ()) -> str:
    """The whole report as one HTML document; `warnings_file`: where `--warnings` wrote every warning, if it did."""
    w = Words(lang, policy_diff)
    title = w.report_title(policy_diff)
    body = [f"<h1>{_e(title)}</h1>", f"<h2>{_e(w('title'))}</h2>", *_diff(policy_diff, w)]
    if impact is not None:
        body += _impact(impact, w, warnings_file)
    if found is not None:
        body.append(f"<h2>{_e(w('witnesses'))}</h2>")
        for heading, household in witness_entries(found, w):
            body += [f"<h3>{_e(heading)}</h3>", *([f"<pre>{_e(household)}</pre>"] if household is not None else [])]
        body += [f"<p>{_e(line)}</p>" for line in unshown_lines(missing, w)]
    return ("<!DOCTYPE html>\n"
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
            f"<style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
