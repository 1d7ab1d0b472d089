"""A household's data as JSON text: as it was read, and in one canonical form to compare records by.

Input: household data read with exact decimals (`engine.household_input.read_json`), or a record's JSON bytes.
Output: its JSON text (`exact_json`: numbers written as read, for a household built from CSV cells), or its
canonical text (`canonical_json`), or None for bytes that are not JSON.
Invariants: two records hold the same data exactly when their canonical texts are equal, whatever the spacing,
line ends, byte-order mark, key order and writing of numbers (`30000.00`, `30000`) they were exported with; the
record's `date` and an empty list of lines (`"expenses": []`, which CSV tables leave out) take no part.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from engine.household import HouseholdError
from engine.household_input import read_json


def exact_json(value: Any, canonical: bool = False) -> str:
    """JSON text of data read with exact decimals, numbers written as read; `canonical`: keys in sorted order and
    each number in its shortest form (`30000` for `30000.00`), so that the same data gives the same text."""
    if isinstance(value, dict):
        items = sorted(value.items()) if canonical else value.items()
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{exact_json(v, canonical)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(exact_json(v, canonical) for v in value) + "]"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if canonical else str(value)
    return json.dumps(value, ensure_ascii=False)


def canonical_json(household_json: bytes) -> str | None:
    """A record's household data in one form, whatever the spacing, line ends, byte-order mark, key order and
    writing of numbers it was exported with, and without its `date` (the snapshot's date stands for it) or an
    empty list of lines (`"expenses": []`, which CSV tables leave out): two records hold the same data exactly when
    these are equal. None for text that is not JSON."""
    try:
        data = read_json(household_json.decode("utf-8", errors="strict"), "")
    except (HouseholdError, UnicodeDecodeError):
        return None
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "date" and v != []}
    return exact_json(data, canonical=True)
