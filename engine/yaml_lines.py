"""Where a line of a YAML file stands among its neighbours: the column an entry belongs in, a list item's lines,
a key or an item indented more or less than the lines around it.

Input: the lines of a file and a line number (1-based). Output: columns, line numbers and the help that says
where a line belongs (`lined_up`: `start it in column 5, as `value:` on line 10 starts`). For the messages of
`engine.yamlerrors` and `engine.indented_too_little`, which say a mistake of indentation where its fix belongs.
"""

from __future__ import annotations

import re

from engine.diagnostics import Said


def lined_up(entry: tuple[int, int, str]) -> Said:
    """`start it in column 5, as `value:` on line 10 starts`: the column a line belongs in, and the line it lines
    up with, as (indentation, line number, the key or `-` there)."""
    indent, beside, word = entry
    return Said(f"start it in column {indent + 1}, as `{word}` on line {beside} starts",
                f"请让它从第 {indent + 1} 列开始，与第 {beside} 行的 `{word}` 对齐")


def line_shape(lines: list[str], number: int) -> tuple[int, str] | None:
    """A line's indentation and its text without a comment; None for a blank or comment line (or none there). A tab,
    which YAML does not take for indentation (L006), counts as one column, the least an editor shows it."""
    text = lines[number - 1].split(" #")[0].rstrip() if 0 < number <= len(lines) else ""
    if not text.strip() or text.lstrip().startswith("#"):
        return None
    return len(text) - len(text.lstrip(" \t")), text.strip()


def stray_line(lines: list[str], line: int, indent: int) -> tuple[int, int] | None:
    """The `key: value` line just above `line` (indented `indent`) that is indented otherwise than the keys of its
    map, when that is why YAML stopped at `line`: its line number and column. Indented more, it is the first
    entry under a key with no value (`dibao_standard:`, then `value:` two columns too far, then `label:`);
    indented less, it sits between two keys of the map that `line` belongs to (`label:` dedented, `source:`)."""
    def above(number: int) -> tuple[int, tuple[int, str]] | None:
        for n in range(number - 1, 0, -1):
            found = line_shape(lines, n)
            if found is not None:
                return n, found
        return None

    previous = above(line)
    if previous is None:
        return None
    number, (column, text) = previous
    if ": " not in text or text.endswith(":") or text.startswith("- ") or column == indent:
        return None
    before = above(number)
    if before is None:
        return None
    _, (outer, opener) = before
    if column > indent:  # the first entry of a block, indented further than the next — and than the one after
        after = next((found for n in range(line + 1, len(lines) + 1)
                      if (found := line_shape(lines, n)) is not None), None)
        alike = after is None or after[0] <= indent  # (not `value:`, `label:` one column out, `source:` as `value:`)
        return (number, column + 1) if outer < indent and opener.endswith(":") and alike else None
    return (number, column + 1) if outer == indent else None  # between two keys of the map of `line`


def entry_column(lines: list[str], number: int, skip: frozenset[int] = frozenset()) -> tuple[int, int, str] | None:
    """Where line `number` belongs, as the lines next to it show (those in `skip` aside): under a key that opens a
    block (`dibao_standard:`), in the column of the line after it when that one is indented further and is alike
    (both keys, or both list items), as the block's first entry; after a `key: value`, in the column of that key,
    as its next key. As (indentation, the line it lines up with, the key or `-` there); None where the lines next
    to it do not show it. A hint offers it only where the file then reads."""
    def near(numbers: range) -> tuple[int, tuple[int, str]] | None:
        return next(((n, found) for n in numbers
                     if n not in skip and (found := line_shape(lines, n)) is not None), None)

    item = re.match(r"-(?:\s|$)", lines[number - 1].lstrip(" \t")) is not None
    above = near(range(number - 1, 0, -1))
    if above is None:
        return None
    where, (column, text) = above
    if text.endswith(":") and not text.startswith("-"):  # a key that opens a block
        below = near(range(number + 1, len(lines) + 1))
        if below is None or below[1][0] <= column or below[1][1].startswith("-") != item:
            return None
        return below[1][0], below[0], first_word(below[1][1])
    if item:
        return (column, where, "-") if text.startswith("-") else None
    key = re.match(r"(-\s+)?([A-Za-z_][\w.]*:)\s", text)
    return (column + key.start(2), where, key.group(2)) if key is not None else None


def entry_before(lines: list[str], number: int) -> tuple[tuple[int, int, str], int] | None:
    """The entry of a map that line `number` is the next of, written out of that entry's column (or indented with a
    tab, L006): the line is a key with no value (`water_source_unsafe:`) over keys that entry also has (`test:`,
    `label:`), so it starts a new entry rather than a block in the last key of the one above. As (where that entry
    starts: indentation, line number, its key; the column of that entry's keys); None where the line or the lines
    next to it are otherwise."""
    shape = line_shape(lines, number)
    if shape is None or not re.fullmatch(r"[A-Za-z_][\w.]*:", shape[1]):
        return None
    under = []
    for below in range(number + 1, len(lines) + 1):
        found = line_shape(lines, below)
        if found is not None and found[0] <= shape[0]:
            break
        if found is not None:
            under.append(found)
    if not under:
        return None
    opening = {first_word(text) for column, text in under if column == min(c for c, _ in under)}
    between: list[tuple[int, str]] = []  # the lines of the entry above, nearest first
    for above in range(number - 1, 0, -1):
        found = line_shape(lines, above)
        if found is None:
            continue
        column, text = found
        inner = min((c for c, _ in between), default=None)
        if inner is not None and column < inner:  # a line that opens a block holding all those below it
            keys = {first_word(t) for c, t in between if c == inner}
            if re.fullmatch(r"[A-Za-z_][\w.]*:", text) and column != shape[0] and (keys & opening) - {"-"}:
                return (column, above, text), inner
            if column < shape[0]:
                return None
        between.append(found)
        if column == 0:
            return None
    return None


def reindented(lines: list[str], indents: dict[int, int]) -> str:
    """The text with each line numbered in `indents` indented by that many spaces instead."""
    return "\n".join(" " * indents[n] + line.lstrip(" \t") if n in indents else line
                     for n, line in enumerate(lines, 1))


def indent_of(lines: list[str], number: int) -> int:
    return len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))


def item_end(lines: list[str], item: int) -> int:
    """The last line of the list item (or key) that starts line `item`: the lines after it indented further."""
    end = item
    for number in range(item + 1, len(lines) + 1):
        shape = line_shape(lines, number)
        if shape is not None:
            if shape[0] <= indent_of(lines, item):
                break
            end = number
    return end


def moved(lines: list[str], item: int, by: int) -> dict[int, int]:
    """The indentation of each line of the item that starts line `item`, moved `by` columns."""
    return {number: indent_of(lines, number) + by for number in range(item, item_end(lines, item) + 1)
            if line_shape(lines, number) is not None}


def with_lines_under(help: Said, lines: list[str], item: int, zh: str, end: int | None = None) -> Said:
    """The help that moves a line, and (where it has lines under it, to line `end` or the item's end) those lines
    with it."""
    if all(line_shape(lines, number) is None for number in range(item + 1, (end or item_end(lines, item)) + 1)):
        return help
    return and_lines_under(help, zh)


def and_lines_under(help: Said, zh: str, en: str = "") -> Said:
    """The help that moves a line, and the lines under it moved the same way by the same amount (`zh` 右移 or 左移,
    `en` the way in English where it is said: ` left`)."""
    return Said(f"{help.en}, and move the lines under it{en} by the same amount", f"{help.zh}，它下面的各行也同样{zh}")


def item_above_indented_more(lines: list[str], line: int, indent: int) -> int | None:
    """The one item before the list item of `line` (its `-` in column `indent`) in its list, standing further
    right, when it is all that list holds above `line`: the line it starts on."""
    if not lines[line - 1][indent:].startswith("- "):
        return None
    written = []  # the lines of the list above `line`, nearest first
    for number in range(line - 1, 0, -1):
        shape = line_shape(lines, number)
        if shape is not None and shape[0] <= indent:
            if shape[0] == indent:  # `when:` in the column of the item: the item is the one too far left
                return None
            break
        if shape is not None:
            written.append(number)
    item = written[-1] if written else None
    if item is None or not lines[item - 1].lstrip(" ").startswith("- ") or item_end(lines, item) != written[0]:
        return None
    return item


def item_read_on(lines: list[str], line: int, indent: int) -> int | None:
    """The list item above `line` (a list item, its `-` in column `indent`) whose `-` stands further left, and whose
    last value YAML read on into `line` as text (a clause pasted in the column of the categories, among clauses
    further right): the line it starts on. None where `line` is no list item or no such item is above it."""
    if not lines[line - 1][indent:].startswith("- "):
        return None
    for number in range(line - 1, 0, -1):
        shape = line_shape(lines, number)
        if shape is not None and shape[0] < indent and shape[1].startswith("- "):
            return number if item_end(lines, number) >= line else None
    return None


def list_key(lines: list[str], line: int, indent: int) -> int | None:
    """The key with no value (`when:`) whose list the lines above `line` lead back to, the nearest line above it
    indented less than `indent`: its line number; None where that line is no such key."""
    for number in range(line - 1, 0, -1):
        shape = line_shape(lines, number)
        if shape is not None and shape[0] < indent:
            return number if re.fullmatch(r"[A-Za-z_][\w.]*:", shape[1]) else None
    return None


def keys_of_item(lines: list[str], item: int, line: int, indent: int) -> set[str]:
    """The keys of the list item that starts on line `item` (`- id: no_vehicle`), up to `line`: its first, and
    those under it indented `indent`."""
    found = line_shape(lines, item)
    keys = {first_word(found[1][1:].lstrip())} if found is not None else set()
    return keys | {first_word(shape[1]) for n in range(item + 1, line)
                   if (shape := line_shape(lines, n)) is not None and shape[0] == indent}


def first_word(text: str) -> str:
    """The key a line starts with (`label:`), or `-` for a list item."""
    key = re.match(r"[A-Za-z_][\w.]*:", text)
    return "-" if text.startswith("-") or key is None else key.group(0)


def item_without_dash(lines: list[str], line: int, indent: int) -> int | None:
    """The line of the list item above whose `-` is in the column `line` (a `key: value`, indented `indent`) starts
    in: the line is most likely a new item whose `- ` was left out. None where no item of that list is above it."""
    if not re.match(r"[A-Za-z_][\w.]*:(?:\s|$)", lines[line - 1][indent:]):
        return None
    for number in range(line - 1, 0, -1):
        found = line_shape(lines, number)
        if found is None:
            continue
        column, text = found
        if column < indent:
            return None
        if column == indent:
            return number if text.startswith("- ") else None
    return None


def item_beside(lines: list[str], line: int, indent: int) -> int | None:
    """The nearest item above or below `line` whose `-` is in column `indent` + 1 (the lines between indented
    more, as the keys of items are): its line number. None where a line indented as much or less comes first."""
    for numbers in (range(line - 1, 0, -1), range(line + 1, len(lines) + 1)):
        for number in numbers:
            found = line_shape(lines, number)
            if found is None or found[0] > indent:
                continue
            if found[0] == indent and found[1].startswith("- "):
                return number
            break
    return None


def dedented_item(lines: list[str], item: int, line: int, indent: int) -> Said | None:
    """How to indent the list item on line `item` (`- id: income`) whose first key is left of the key under it,
    on `line`, indented `indent`, because its `-` is: where the other items of its list start, or, where it has
    none, as its keys below agree. None where the keys are the ones out of line."""
    found = line_shape(lines, item)
    key = re.match(r"-\s+([A-Za-z_][\w.]*:)", found[1]) if found is not None else None
    if found is None or key is None or found[0] + key.start(1) >= indent:
        return None
    start = indent - key.start(1)  # the column of the `-` that puts its first key in the column of the others
    beside = item_beside(lines, item, start)
    if beside is not None:
        return Said(f"start it in column {start + 1}, as `-` on line {beside} starts",
                    f"请让它从第 {start + 1} 列开始，与第 {beside} 行的 `-` 对齐")
    after = next((shape for n in range(line + 1, len(lines) + 1) if (shape := line_shape(lines, n)) is not None), None)
    if item_beside(lines, item, found[0]) is not None or after is None or after[0] != indent:
        return None
    word = lines[line - 1].split(":")[0].strip() + ":"
    return Said(f"start it in column {start + 1}, so that `{key.group(1)}` lines up with `{word}` on line {line}",
                f"请让它从第 {start + 1} 列开始，使 `{key.group(1)}` 与第 {line} 行的 `{word}` 对齐")


def nearest_level(lines: list[str], line: int, indent: int) -> tuple[int, int, str] | None:
    """The column `line` (indented `indent`, where no map or list above it starts) most likely belongs in: the
    nearest where one starts — a list's `-` for a list item, else a key — and the deeper of two as near, a slip
    of one space being likelier than a map closed. As (indentation, line number, the key or `-` there)."""
    levels: list[tuple[int, int, str]] = []
    limit: int | None = None
    for number in range(line - 1, 0, -1):
        found = line_shape(lines, number)
        if found is None or (limit is not None and found[0] >= limit):
            continue
        column, text = found
        key = re.match(r"(-\s+)?([A-Za-z_][\w.]*:)(?:\s|$)", text)
        if key is not None and key.group(1) and (limit is None or column + key.start(2) < limit):
            levels.append((column + key.start(2), number, key.group(2)))  # the map inside a list item
        levels.append((column, number, "-" if text.startswith("-") else key.group(2) if key else text.split()[0]))
        limit = column
        if column == 0:
            break
    near = [level for level in levels if level[0] != indent]
    item = lines[line - 1].lstrip(" ").startswith("- ")
    alike = [level for level in near if (level[2] == "-") == item]  # a list item among list items, a key among keys
    return min(alike or near, key=lambda level: (abs(level[0] - indent), -level[0])) if near else None


def dedented_key(lines: list[str], line: int, indent: int) -> tuple[int, int] | None:
    """The key above `line` that lost its indentation, when that is why `line` (indented `indent`) fits nowhere:
    its line number and column. YAML read that key as ending its map, took the lines under it as its value,
    and stopped only at `line`, the next key of the map. The key is taken to be dedented when a key of that
    map stands just above it, or it follows a key with no value (whose first entry it was)."""
    number = line - 1
    while number > 0:  # the lines between are the dedented key's value, all indented more than `indent`
        found = line_shape(lines, number)
        if found is not None and found[0] <= indent:
            break
        number -= 1
    key = line_shape(lines, number) if number > 0 else None
    if key is None or key[0] >= indent or not key[1].endswith(":"):
        return None
    nearest = True
    for above in range(number - 1, 0, -1):
        before = line_shape(lines, above)
        if before is None:
            continue
        if before[0] == indent and ":" in before[1]:
            return number, key[0] + 1  # beside a key of the map it left
        if before[0] < indent:
            # a key with no value just above, which the key does not sit under: its first entry, dedented
            return (number, key[0] + 1) if nearest and before[1].endswith(":") and key[0] <= before[0] else None
        nearest = False
    return None
