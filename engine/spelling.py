"""The known word closest to what was written: the "did you mean" of every finding.

Input: a word as written and the words it may have meant. Output: the closest of them, or None
when none is close. Invariant: one measure of closeness (difflib's ratio, at least 0.6) for the
checker's hints and the household findings alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `name`, if any is close."""
    return closest_of(name, {c: c for c in candidates}, lambda _: True)


def closest_of(written: str, names: Mapping[str, str], fits: Callable[[str], bool]) -> str | None:
    """The closest of `names` (each key compared with `written`, its value returned) that `fits`."""
    close = difflib.get_close_matches(written, list(names), n=max(len(names), 1), cutoff=0.6)
    return next((names[c] for c in close if fits(names[c])), None)
