"""The known word closest to what was written: the "did you mean" of every finding.

Input: a word as written and the words it may have meant. Output: the closest of them, or None
when none is close; or every one as close, where several are (`closest_ones`), never one of them
picked. Invariant: one measure of closeness (difflib's ratio, at least 0.6) for the checker's hints
and the household findings alike; where case carries no meaning to the person writing (a grade `c`
for `C`), the words are compared case-folded; words that differ only in their digits are told apart
by `only_digits_differ`, for the findings where such words are most often meant as they are; a name a rule
reads is offered only where what was written is a slip of it (`a_slip`), since a deleted name has others like it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence

from engine.diagnostics import Said, id_shown


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `name`, if any is close."""
    return closest_of(name, {c: c for c in candidates}, lambda _: True)


def closest_in_any_case(written: str, candidates: Iterable[str]) -> str | None:
    """`closest`, comparing the words case-folded, so that a difference of case alone (`c` for `C`, `Wage`
    for `wage`) is a match; of candidates that differ only by case, the first."""
    folded: dict[str, str] = {}
    for candidate in candidates:
        folded.setdefault(candidate.casefold(), candidate)
    return closest_of(written.casefold(), folded, lambda _: True)


def closest_of(written: str, names: Mapping[str, str], fits: Callable[[str], bool]) -> str | None:
    """The closest of `names` (each key compared with `written`, its value returned) that `fits`. Of two as
    close, the one that keeps more of the word's beginning and end: `DS-0001`, not `DS-0021`, for `DS-001`."""
    return next(iter(closest_ones(written, names, fits)), None)


def closest_ones(written: str, names: Mapping[str, str], fits: Callable[[str], bool]) -> list[str]:
    """Every one of `names` that `fits` and is as close to `written` as the closest (`closest_of`), in the order
    given: where several are as close (`SAMPLE-0000099`, `SAMPLE-0000199` and `SAMPLE-0000299` for
    `SAMPLE-0000999`), none is picked, as one picked would be a guess; empty when none is close."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(written)
    scored = []
    for order, candidate in enumerate(names):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6 and (ratio := matcher.ratio()) >= 0.6:
            scored.append((-ratio, -_kept_ends(candidate, written), order, candidate))
    scored.sort()
    best: tuple[float, int] | None = None
    found: list[str] = []
    for ratio, kept, _, candidate in scored:
        if best is not None and (ratio, kept) != best:
            break
        if fits(names[candidate]):
            best = best or (ratio, kept)
            found.append(names[candidate])
    return found


def closest_alike(written: str, alike: Sequence[str]) -> list[str]:
    """Of ids written as `written` is but for case, full-width forms, separators and zero padding (`loose_id`), the
    closest to it (`closest_ones`, compared in half width and case-folded: `H-01` for `h_01`, not `H-001` or `H-1`);
    every one as close where several are (`H-1` and `h-1` for `H_1`), or all of them where none is close."""
    folded: dict[str, str] = {}
    for hid in alike:
        folded.setdefault(_folded(hid), hid)
    nearest = {_folded(m) for m in closest_ones(_folded(written), folded, lambda _: True)}
    return [hid for hid in alike if _folded(hid) in nearest] or list(alike)


def _folded(hid: str) -> str:
    return unicodedata.normalize("NFKC", hid).casefold()


def a_slip(written: str, meant: str) -> bool:
    """Whether `written` is `meant` mistyped: a letter or two added, dropped, changed or swapped (one for a name of
    three or four letters, none for a shorter one), or one of its words cut or ended otherwise (`household_unsafe`
    for `housing_unsafe`: the two words share at least half the shorter one from its start). A name that differs
    more (`marginal_line` for `monitoring_line`) is another name, maybe one deleted or renamed."""
    if len(meant) >= 3 and _edits(written, meant, 1 if len(meant) <= 4 else 2) is not None:
        return True
    mine, theirs = written.split("_"), meant.split("_")
    if len(mine) != len(theirs):
        return False
    differing = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
    return len(differing) == 1 and 2 * _shared_start(*differing[0]) >= min(len(w) for w in differing[0])


def a_typed_slip(written: str, meant: str) -> bool:
    """Whether `written` is `meant` as a Chinese input method mistypes a text, such as an article's heading: one
    character added, dropped or changed (`统一核算标难` for `统一核算标准`), or one word of two characters left out or
    typed twice (`健全帮扶体系` for `健全帮扶政策体系`)."""
    if written == meant:
        return False
    if _edits(written, meant, 1) is not None:
        return True
    shorter, longer = sorted((written, meant), key=len)
    return len(longer) - len(shorter) == 2 and any(longer[:i] + longer[i + 2:] == shorter
                                                   for i in range(len(longer) - 1))


def a_keyword_slip(written: str, keyword: str) -> bool:
    """Whether `written` is the rule language's `keyword` mistyped: its two letters swapped (`ro` for `or`), or, for
    a longer keyword, a letter added, dropped, changed or two swapped (`adn`, `an` for `and`; `wehre` for `where`)."""
    if len(written) < 2 or written == keyword:
        return False
    if len(keyword) <= 2:
        return written == keyword[::-1]
    return _edits(written, keyword, 1) is not None


def _edits(a: str, b: str, most: int) -> int | None:
    """The letters added, dropped, changed or swapped that make `a` into `b` (optimal string alignment), or None
    where more than `most` are."""
    if abs(len(a) - len(b)) > most:
        return None
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return None
        before, row = row, current
    return row[-1] if row[-1] <= most else None


def one_of(meant: Sequence[str], shown: int = 3) -> Said:
    """Words that may be meant, for a "did you mean": `` `A` ``, `` `A` or `B` ``, `` `A`, `B` or `C` ``, and past
    `shown` the first ones and how many more as close (`` `A`, `B`, `C` or one of 4 more as close ``); an id that
    holds a line break quoted, on the line (`id_shown`)."""
    quoted = [f"`{id_shown(m)}`" for m in meant]
    more = len(quoted) - shown
    if more > 0:
        return Said(f"{', '.join(quoted[:shown])} or one of {more:,} more as close",
                    f"{'、'.join(quoted[:shown])} 或同样接近的另外 {more:,} 个之一")
    if len(quoted) == 1:
        return Said(quoted[0], quoted[0])
    return Said(f"{', '.join(quoted[:-1])} or {quoted[-1]}", f"{'、'.join(quoted[:-1])} 或 {quoted[-1]}")


def as_a_name(written: str) -> str:
    """The name a declaration written otherwise was most likely meant to be: lower case, its words joined by `_`
    (`Dibao_Standard`, `medical costs`, `extra-houses`)."""
    return re.sub(r"[\s-]+", "_", written.strip()).lower()


def only_digits_differ(a: str, b: str) -> bool:
    """Whether two different words differ only in their digits: `dsz-2025-01` and `dsz-2024-47`, `tier1` and
    `tier2`. Such words are more often two of a numbered series (documents by year and number) than a slip."""
    return a != b and _DIGITS.sub("", a) == _DIGITS.sub("", b)


_DIGITS = re.compile(r"[0-9]")


def loose_id(hid: str) -> str:
    """An id without case, full-width forms, separators and the leading zeros of its numbers: what is left of it
    however it was typed or exported (`DS-0042`, `ds 42`, `DS0042` and `ＤＳ－００４２` are `ds42`)."""
    return _LEADING_ZEROS.sub("", _APART.sub("", unicodedata.normalize("NFKC", hid).casefold()))


_APART = re.compile(r"[\W_]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def _kept_ends(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their start, and at their end (the two may overlap)."""
    return _shared_start(a, b) + _shared_start(a[::-1], b[::-1])


def _shared_start(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def ids_alike(new: Iterable[str], known: Iterable[str], compared: int = 20_000) -> dict[str, tuple[str, bool]]:
    """For each of the `new` ids that is one of the `known` ids typed otherwise: that id, and True where the two are
    written alike (`loose_id`: `DS-00001`, `ds-0001` for `DS-0001`), False where one character is added, dropped or
    changed (`D5-0001`, `DS-001A`). Ids that differ only in their digits (`DS-0026` and `DS-0025`, `H-19` and `H-9`)
    are not taken as one edit apart: they are the next of a numbered series far more often than a slip. Of up to
    `compared` new ids; beyond, only ids written alike are told."""
    new = list(dict.fromkeys(new))
    by_loose: dict[str, list[str]] = {}
    for hid in new:
        by_loose.setdefault(loose_id(hid), []).append(hid)
    # a new id with the character at i taken out, by whether it was a digit; with a letter taken out; as it is
    changed: dict[tuple[int, str, bool], list[str]] = {}
    shortened: dict[str, list[str]] = {}
    whole: dict[str, list[str]] = {}
    for hid in new if len(new) <= compared else ():
        whole.setdefault(hid, []).append(hid)
        for i, character in enumerate(hid):
            rest = hid[:i] + hid[i + 1:]
            changed.setdefault((i, rest, character.isdigit()), []).append(hid)
            if not character.isdigit():
                shortened.setdefault(rest, []).append(hid)
    lengths = {len(hid) + d for hid in whole for d in (-1, 0, 1)}
    found: dict[str, tuple[str, bool]] = {}
    for other in known:
        for hid in by_loose.get(loose_id(other), ()):
            if hid != other:
                found[hid] = (other, True)
        if len(other) not in lengths:
            continue
        near = list(shortened.get(other, ()))
        for i, character in enumerate(other):
            rest = other[:i] + other[i + 1:]
            near += changed.get((i, rest, False), ())
            if not character.isdigit():  # a digit for a digit is the next of a series
                near += changed.get((i, rest, True), ())
                near += whole.get(rest, ())
        for hid in near:
            if hid != other and hid not in found and not only_digits_differ(hid, other):
                found[hid] = (other, False)
    return found
