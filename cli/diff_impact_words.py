"""The sentences and table rows of a diff's impact on households, shared by the text, markdown and HTML forms:
the matrices, each move and its causes, assistance totals, absorbed categories and the counts.

Input: an `Impact` and the `Words` of a language. Output: strings and rows of strings.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence

from cli.diff_words import Words, relative
from engine.diagnostics import Diagnostic, after_place, finding_line, headline, id_shown, rule_failure
from engine.diff.changes import relative_change
from engine.diff.hybrid import Component
from engine.diff.impact import NONE, BadRecord, HouseholdChange, Impact, MeasureTotal, Outcome, combined
from engine.diff.witness import Unshown, UnshownMove, Witness, to_json
from engine.model import Label
from engine.values import UNIT_WORDS, grouped, quotes_within


def matrix_rows(counts: Counter[tuple[str, str]], w: Words) -> tuple[list[str], list[str], list[list[int]]]:
    """Row labels, column labels and counts, both in the policy's order of categories (`Words.in_order`)."""
    rows = sorted({o for o, _ in counts}, key=w.in_order)
    columns = sorted({n for _, n in counts}, key=w.in_order)
    return rows, columns, [[counts.get((r, c), 0) for c in columns] for r in rows]


def _household_move(before: Outcome, after: Outcome, w: Words) -> str:
    """`dibao+monitoring → dibao`, or `dibao (unchanged)` when only members move: never read as a move away."""
    old = w.categories(before.categories, old=True)
    if before.categories == after.categories:
        return w("unchanged", categories=old)
    return f"{old} → {w.categories(after.categories)}"


def transition(before: Outcome, after: Outcome, w: Words) -> str:
    """`dibao+monitoring → dibao; p2: none → tekun` (members whose categories did not change are left out),
    by labels when `w` has them."""
    return w("join").join([_household_move(before, after, w), *_member_moves(before, after, w, ids=True)])


def _member_moves(before: Outcome, after: Outcome, w: Words, ids: bool = False) -> list[str]:
    """The members whose categories differ: by id (`p2: none → tekun`), or without ids (`member none → tekun ×2`)."""
    new_members = dict(after.members)
    moved = [(m, f"{w.categories(c, old=True)} → {w.categories(new_members.get(m, ()))}")
             for m, c in before.members if c != new_members.get(m, ())]
    if ids:
        return [f"{m}: {move}" for m, move in moved]
    moves = Counter(f"{w('member')} {move}" for _, move in moved)
    return [f"{k}" + (f" ×{n}" if n > 1 else "") for k, n in sorted(moves.items())]


def _member_transitions(before: Outcome, after: Outcome, w: Words) -> str:
    """The same without member ids, for grouping: `dibao+monitoring → dibao; member none → tekun`."""
    return w("join").join([_household_move(before, after, w), *_member_moves(before, after, w)])


def _moved_outcome(before: Outcome, result: Outcome, w: Words, ids: bool = False) -> str:
    """A result as a cause gives it: the household's categories and the members it moves (`dibao+monitoring
    [member none → tekun]`; by id in a household's own line, `[p2: none → tekun]`). Members it leaves as they
    were go unsaid: a tekun member who stays tekun is not moved by the change, and would otherwise split one move
    into a row per member id."""
    moves = _member_moves(before, result, w, ids)
    return w.categories(result.categories) + (f" [{', '.join(moves)}]" if moves else "")


def cause_text(change: HouseholdChange, impact: Impact, w: Words,
               outcome: Callable[[Outcome], str] | None = None) -> str:
    """Each change that alone alters the result; when none gives the new result alone, those that do together.

    A change applied with the changes it needs (listed once under "changes applied") is named alone.
    Each change is named with what it cites the first time the text names it. `outcome` says what a change
    alone gives (by default the household's categories and the members it moves, by id).
    """
    said = outcome or functools.partial(_moved_outcome, change.old, w=w, ids=True)
    components = {c.key: c for c in impact.components}
    named: set[str] = set()

    def name(key: str) -> str:
        if key not in components:
            return key
        first = key not in named
        named.add(key)
        # a category's clauses by their number: the changes applied one at a time, above, list them
        return w.cited_component(components[key], short=True) if first else w.component(components[key], short=True)

    parts = []
    for cause in change.causes:
        text = name(cause.key)
        text += " — " + (w("alone") if cause.exact else w("partly", result=said(cause.result)))
        parts.append(text)
    if not change.causes:
        parts.append(w("no_cause"))
    if change.combination:
        implied = {k for key in change.combination for k in impact.needs.get(key, ())}
        keys = [k for k in change.combination if k not in implied or k in impact.needs]
        parts.append(w("together", keys=" + ".join(name(k) for k in keys)))
    return w("join").join(parts)


def component_lines(impact: Impact, w: Words) -> list[str]:
    """`description [citation] (with …)` for each change applied one at a time, by the labels of what it changes
    (JSON gives its key)."""
    names = {c.key: w.component(c) for c in impact.components}
    out = []
    for c in impact.components:
        needs = impact.needs.get(c.key)
        out.append(w.cited_component(c) + (
            w("with", keys=("、" if w.lang == "zh" else ", ").join(names.get(k, k) for k in needs)) if needs else ""))
    return out


def moves_on_confirm(impact: Impact) -> list[tuple[Component, Label, set[int]]]:
    """(the change, its `confirm` note, the households whose move rests on it, by their place in `impact.changed`):
    for each change of a value to confirm that a household's causes (or the changes it needs together) name, in the
    order of the changes; not for a change the household's move does not rest on (`HouseholdChange.settled`)."""
    named = [c.named.difference(c.settled) for c in impact.changed]
    found = []
    for component in impact.components:
        moved = {i for i, keys in enumerate(named) if component.key in keys}
        if component.confirm is not None and moved:
            found.append((component, component.confirm, moved))
    return found


def resting_on_confirm(impact: Impact) -> list[tuple[Label, list[Component], int]]:
    """(the `confirm` note, the changes that rest on it, how many households they move): for each note of the
    changed values a household's causes (or the changes it needs together) name (`moves_on_confirm`), in the order
    of the changes."""
    out: dict[Label, tuple[list[Component], set[int]]] = {}
    for component, note, moved in moves_on_confirm(impact):
        found = out.setdefault(note, ([], set()))
        found[0].append(component)
        found[1].update(moved)
    return [(note, components, len(moved)) for note, (components, moved) in out.items()]


def confirm_lines(impact: Impact, w: Words) -> list[str]:
    """`⚠ the moves of 590 households rest on values to confirm (note): parameter “…”, …`: a move that rests on a
    figure the document does not give, or on a condition it does not give (`grounds to confirm`), is not yet
    settled. The line is marked once, at its head: the changes it names are not marked again."""
    return [w(("to_confirm_grounds" if components[0].grounds else "to_confirm") + ("_one" if n == 1 else ""),
              n=f"{n:,}", note=note.get(w.lang),
              names=("、" if w.lang == "zh" else ", ").join(
                  w.confirmed_clauses(c, note) if c.grounds else w.component(c, marked=False) for c in components))
            for note, components, n in resting_on_confirm(impact)]


def cause_summary(impact: Impact, w: Words) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(transition, how many it moved, [(causes, households)…]), most households first: one row per move, members by
    what they move from and to, never by id (the list of households keeps the ids), with each set of causes that
    makes it and how many of its households that set moved, most first: households that make one move for different
    reasons are one row that says both, never two rows of one move. How many: households, and the members that move
    where members do (`3 户（4 人）`)."""
    groups = Counter((_member_transitions(c.old, c.new, w),
                      cause_text(c, impact, w, functools.partial(_moved_outcome, c.old, w=w)))
                     for c in impact.changed)
    members = Counter[str]()
    for change in impact.changed:
        after = dict(change.new.members)
        members[_member_transitions(change.old, change.new, w)] += sum(old != after.get(m, ())
                                                                       for m, old in change.old.members)
    moves: dict[str, list[tuple[str, int]]] = {}
    for (t, c), n in sorted(groups.items(), key=lambda x: (-x[1], x[0])):
        moves.setdefault(t, []).append((c, n))
    rows = sorted([(t, sum(n for _, n in causes), causes) for t, causes in moves.items()],
                  key=lambda row: (-row[1], row[0]))
    return [(t, _moved_count(n, members[t], w), causes) for t, n, causes in rows]


def _moved_count(households: int, members: int, w: Words) -> str:
    """`254 户`, `3 户（4 人）` where members move: what a row of the causes counts."""
    from cli.common import counted

    if w.lang == "zh":
        return f"{households:,} 户" + (f"（{members:,} 人）" if members else "")
    return counted(households, "household") + (f" ({counted(members, 'member')})" if members else "")


def cause_rows(impact: Impact, w: Words) -> list[list[str | list[str]]]:
    """The causes summary as a table, its heading first: a move's causes are a list, each set of them with how many
    of the move's households it moved where they did not all move for the same reasons."""
    rows: list[list[str | list[str]]] = [[w("moved"), w("transition"), w("cause")]]
    for t, n, causes in cause_summary(impact, w):
        rows.append([n, t, [causes[0][0]] if len(causes) == 1 else
                     [w("of_them", n=f"{k:,}", causes=c) for c, k in causes]])
    return rows


def household_rows(changed: Sequence[HouseholdChange], impact: Impact, w: Words) -> list[list[str]]:
    """The changed households as a table, its heading first: each by its id and its record (the place the text
    report gives beside its id, which finds it again among several files), its transition and its causes; an id that
    holds a line break quoted, on one line (`id_shown`)."""
    return [[w("household_id"), w("record"), w("transition"), w("cause")],
            *[[id_shown(c.id), c.source, transition(c.old, c.new, w), cause_text(c, impact, w)] for c in changed]]


def _amounts(t: MeasureTotal, lang: str) -> str:
    if not t.priced:
        return "—"
    change = relative(relative_change(t.old_amount, t.new_amount), lang)
    return f"{grouped(t.old_amount)} → {grouped(t.new_amount)}{change}"


def _grants(t: MeasureTotal) -> list[str]:
    """Grants that gave something (an amount above 0.00, or a service), then those that came to 0.00."""
    zero = f"{t.old_zero:,} → {t.new_zero:,}" if t.old_zero or t.new_zero else ""
    return [f"{t.old_count - t.old_zero:,} → {t.new_count - t.new_zero:,}", zero]


def assistance_headings(w: Words) -> tuple[list[str], list[str]]:
    """The headings of the two assistance tables (by measure, by department), the amounts with their unit."""
    amount = w("amount") + w.aside(UNIT_WORDS[w.lang]["rate"])
    return ([w("measure"), w("department"), w("recipients"), w("zero"), amount],
            [w("department"), w("recipients"), w("zero"), amount])


def assistance_rows(impact: Impact, w: Words) -> tuple[list[list[str]], list[list[str]]]:
    """Rows per measure (measure, department, grants, grants of 0.00, amounts) and per department (department,
    grants, grants of 0.00, amounts), by labels when `w` has them."""
    measures = [[w.named("assistance", t.id), w.named("departments", t.department), *_grants(t), _amounts(t, w.lang)]
                for t in impact.measures.values()]
    departments = [[w.named("departments", t.id), *_grants(t), _amounts(t, w.lang)] for t in impact.departments()]
    return measures, departments


def legend(impact: Impact, w: Words) -> list[str]:
    """`dibao: 最低生活保障对象` for each category the matrices name by id (where that reads differently in the
    report's language), and what `none` counts in each matrix — not `policy batch`'s households in no category
    at all."""
    seen = sorted({c for counts in (impact.households, impact.members) for pair in counts for label in pair
                   for c in label.split("+")}, key=w.in_order)
    named = {c: w.legend_label(c) for c in seen if c != NONE}
    if NONE in seen:
        named[NONE] = w("none_legend")  # last, as the matrices put it
    return [f"{c}: {label}" for c, label in named.items() if label != c]


def absorbed_lines(impact: Impact, w: Words, level: str) -> list[str]:
    """For each category of `level` the new version abolishes: "absorbed by" is where the policy sends its cases,
    the matrix of that level where its households (members) land — which reads otherwise as a contradiction when
    most of them land in none."""
    if w.policy_diff is None:
        return []
    levels = {c.id: c.level for c in w.policy_diff.old.categories}
    counts = impact.households if level == "household" else impact.members
    lines = []
    for item in w.policy_diff.items:
        if item.change != "abolished" or levels.get(item.id) != level:
            continue
        held = sum(n for (old, _), n in counts.items() if item.id in old.split("+"))
        if not held:
            continue
        none = sum(n for (old, new), n in counts.items() if item.id in old.split("+") and new == NONE)
        suffix = "" if level == "household" else "_members"
        count = "_alone" if held == 1 else "_one" if none == 1 else ""  # (1 of the 7 households … meets)
        landed = w("absorbed_none" + suffix + count, held=f"{held:,}", none=f"{none:,}") if none else ""
        lines.append(w("absorbed_where" + suffix, label=quotes_within(w.named("categories", item.id)),
                       to=w.category_list(item.absorbed_by), landed=landed))
    return lines


def counts(impact: Impact, w: Words) -> str:
    """`evaluated 2,000, categories changed for 36, bad records 0`, and the rows of no household when there are."""
    line = w("counts", evaluated=f"{impact.evaluated:,}", changed=f"{len(impact.changed):,}",
             bad=f"{len(impact.bad):,}")
    return line + (w("stray_count", n=f"{len(impact.stray):,}") if impact.stray else "")


def left_out(impact: Impact, w: Words) -> str | None:
    """Under the assistance totals, when records were bad: that the totals leave them out (a household the new version
    refuses is paid under the old, and a total of 0 would say it was not), by the version that refused them."""
    if not impact.bad:
        return None
    why = [w(f"left_out_{side}", n=f"{n:,}") for side, n in left_out_by(impact).items() if n]
    return w("left_out_one" if len(impact.bad) == 1 else "left_out", n=f"{impact.evaluated:,}",
             bad=f"{len(impact.bad):,}",
             why=("、" if w.lang == "zh" else ", ").join(why))


def part_year(impact: Impact, w: Words) -> str | None:
    """Under the assistance totals, when a monthly grant starts or stops within the year from the day decided: that it
    counts the months paid, not twelve (`engine.diff.impact.annual`, `starting`), under each version, and how many of
    them a day within the year starts."""
    (old, new), (old_starts, new_starts) = impact.part_year, impact.starts
    if not old and not new:
        return None
    if not old_starts and not new_starts:
        return w("part_year", old=f"{old:,}", new=f"{new:,}")
    return w("part_year_starts", old=f"{old:,}", new=f"{new:,}", old_starts=f"{old_starts:,}",
             new_starts=f"{new_starts:,}")


def totals_notes(impact: Impact, w: Words) -> list[str]:
    """What the assistance totals leave out or count otherwise, said under their heading."""
    return [note for note in (left_out(impact, w), part_year(impact, w)) if note]


def left_out_by(impact: Impact) -> dict[str, int]:
    """The bad records the totals leave out, by who refused them: `old`, `new`, `both` and `unread` (no version
    could read the record)."""
    sides = Counter(b.policy for b in impact.bad)
    return {side: sides[side if side != "unread" else None] for side in ("old", "new", "both", "unread")}


def bad_finding(bad: BadRecord, d: Diagnostic, w: Words, helped: bool = True) -> str:
    """A finding of a bad record as a report lists it after the record's place: the version that refused it, the
    place in the household (none where the record's place is a cell of CSV tables, by its row and column), the
    finding with its help (`` [old]: income[0].type: error[H003]: … — help: …``); without
    it when `helped` is false (`grouped_bad` says it once for several findings)."""
    side = f" [{w(bad.policy)}]" if bad.policy else ""
    path, d = after_place(d, w.lang)
    if d.code.startswith("E"):
        return f"{side}: {path}{rule_failure(d, w.lang)}"
    return f"{side}: {path}{finding_line(d, w.lang) if helped else headline(d, w.lang)}"


def grouped_bad(bad: list[BadRecord], said: Callable[[BadRecord, Diagnostic, bool], str], show: int, w: Words
                ) -> tuple[list[tuple[list[str], str]], list[str], int]:
    """The findings of bad records as a report lists them: a finding said alike of several records (`said`: what its
    line says after the place, with its help or not) once, with the places of all of them, as `policy batch`'s
    summary counts its problems; at most `show` of them (0: all), and how many more there are. A help several of the
    listed findings share (H003's list of the known types, for each unknown type) is left off their lines and said
    once after them, as the second list: `help (for the 3 H003 findings above): …`."""
    groups: dict[str, tuple[BadRecord, Diagnostic, list[str]]] = {}
    for b in bad:
        for d in b.diagnostics:
            groups.setdefault(said(b, d, True), (b, d, []))[2].append(b.place(d, w.lang))
    found = list(groups.values())
    more = len(found) - show if 0 < show < len(found) else 0
    found = found[:len(found) - more]

    def help_of(d: Diagnostic) -> tuple[str, str] | None:
        help = d.in_lang(w.lang).help
        return (d.code, help) if help and not d.code.startswith("E") else None

    sharing = Counter(help_of(d) for _, d, _ in found)
    shared = {key: n for key, n in sharing.items() if key is not None and n > 1}
    listed = [(places, said(b, d, help_of(d) not in shared)) for b, d, places in found]
    return listed, [w("shared_help", n=f"{n:,}", code=code) + help for (code, help), n in shared.items()], more


def help_lines(impact: Impact, lang: str) -> list[str]:
    """What mends the bad records (`Impact.helps`), each as standard error said it: `help: …`."""
    from cli.common import HEADS

    return [HEADS["help"].in_lang(lang).lstrip() + said.in_lang(lang) for said in impact.helps]


def note_lines(impact: Impact, lang: str) -> list[str]:
    """What the input's figures rest on (`Impact.notes`), each as standard error said it: `warning: …`."""
    from cli.common import HEADS

    return [HEADS[level].in_lang(lang) + said.in_lang(lang) for level, said in impact.notes]


def impact_heading(impact: Impact, w: Words) -> str:
    """The impact's title, with the days its households were decided on: --date, or each household's own `date`
    (one day for all, or the first and last) and today for those without one; where some records were bad, the days
    are said of the households evaluated."""
    from cli.common import counted

    records = counted(impact.records, "household") if w.lang == "en" else f"{impact.records:,}"
    one = "_one" if impact.records == 1 else ""
    if impact.forced or (not impact.dated and impact.records == 0):
        return w("impact", n=records, date=impact.date.isoformat())
    if not impact.dated:  # every household refused: decided on no day, not today
        return w("impact_none" + one, n=records)
    own = dict(impact.dated)
    own[impact.date] = own.get(impact.date, 0) - impact.undated
    days = sorted(d for d, n in own.items() if n > 0)
    total = sum(own.values())
    parts = []
    if len(days) == 1:
        parts.append(w(_one_day(total, impact.undated, total + impact.undated < impact.records), n=f"{total:,}",
                       day=days[0].isoformat()))
    elif days:
        parts.append(w("own_range_some" if impact.undated or total < impact.records else "own_range", n=f"{total:,}",
                       first=days[0].isoformat(), last=days[-1].isoformat()))
    if impact.undated:
        parts.append(w("undated", n=f"{impact.undated:,}", today=impact.date.isoformat()))
    return w("impact_own" + one, n=records, dates="; ".join(parts) if w.lang == "en" else "；".join(parts))


def _one_day(households: int, undated: int, some_bad: bool) -> str:
    """The words for the one day `households` were decided on (by their own date): for some of those decided, for
    some of the records, or for all, as many as they are."""
    if undated:
        return "own_some"
    if some_bad:
        return "own_evaluated_one" if households == 1 else "own_evaluated"
    return "own_alone" if households == 1 else "own_both" if households == 2 else "own_one"


def witness_moves(witness: Witness, w: Words) -> str:
    """The transition an example household shows, by the policies' labels when there are any: the household's
    (`dibao → none; p1: none → tekun`), or the members' that make a member-level one (`p1: none → tekun`)."""
    if witness.level == "household":
        return transition(witness.old_outcome, witness.new_outcome, w)
    after = dict(witness.new_outcome.members)
    members = [m for m, c in witness.old_outcome.members
               if (combined(c), combined(after.get(m, ()))) == (witness.old, witness.new)]
    kept = Outcome((), tuple((m, c) for m, c in witness.old_outcome.members if m in members))
    return w("join").join(_member_moves(kept, witness.new_outcome, w, ids=True))


def unshown_lines(missing: Sequence[Unshown | UnshownMove], w: Words) -> list[str]:
    """A line for each change that can move a household and that no example household shows, with why: what it needs
    that the old version refuses, else the bounds of the search; and for each move of the households of
    `--households` that none shows, the first household that makes it."""
    lines = []
    for u in missing:
        if isinstance(u, UnshownMove):
            old, new = ([] if side == NONE else side.split("+") for side in (u.old, u.new))
            move = f"{w('level_' + u.level)}{w.colon}{w.categories(old, old=True)} → {w.categories(new)}"
            lines.append(w("unshown_move", move=move, n=f"{u.households:,}", first=id_shown(u.first), source=u.source))
            continue
        change = w.cited_component(u.change)
        named = ("、" if w.lang == "zh" else ", ").join(f"`{name}`" for name in u.unknown)
        if not u.unknown:
            lines.append(w("unshown", change=change))
        elif u.change.section in ("expenses", "income"):
            lines.append(w(f"unshown_{u.change.section}", change=change, type=named))
        else:
            lines.append(w("unshown_fields" if len(u.unknown) == 1 else "unshown_fields_many", change=change,
                           fields=named))
    return lines


def witness_entries(found: list[Witness], w: Words) -> list[tuple[str, str | None]]:
    """Each witness's heading and its household as JSON; a household shown above (one that makes a household and
    a member transition) is named instead (None), not printed again."""
    shown: set[str] = set()
    out: list[tuple[str, str | None]] = []
    for x in found:
        heading = f"{w('level_' + x.level)}{w.colon}{witness_moves(x, w)}"
        ident = str(x.household.get("id"))
        if ident in shown:
            out.append((heading + w("same_witness", id=ident), None))
        else:
            shown.add(ident)
            out.append((heading, to_json(x.household)))
    return out
