"""The columns of a table input (CSV tables, Parquet) against the inputs the policies read.

Input: the column names a file gives (a CSV header, the fields of a Parquet column) and the
policies. Output: `InputError` for columns that would make every record a bad one — a column no
policy reads (a misspelling, a column from another export, a header split on the wrong
separator), an input every record needs that no column gives — and notes for inputs no column
gives that take their default in every record, so a column left out of an export is said once,
before the run, rather than decided silently or refused record by record.
Invariant: only the names are looked at, never the cells.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from engine.batch.readers import InputError
from engine.checker import suggest
from engine.model import InputField, Level, Policy

_SEPARATORS = (";", "\t", "|")


def input_fields(policies: Sequence[Policy], level: Level) -> dict[str, InputField]:
    """The inputs of that level any policy reads, by name (the first policy's field for a name)."""
    fields: dict[str, InputField] = {}
    for policy in policies:
        for f in policy.input_fields(level):
            fields.setdefault(f.name, f)
    return fields


def refuse_unknown(where: str, given: Sequence[str], known: Sequence[str]) -> None:
    """Stop when `given` (the columns of `where`) holds one that is not in `known`."""
    unknown = [c for c in dict.fromkeys(given) if c not in known]
    if not unknown:
        return
    if len(given) == 1:
        separator = next((s for s in _SEPARATORS if s in given[0]), None)
        if separator is not None:
            shown = "a tab" if separator == "\t" else f"`{separator}`"
            raise InputError(f"{where}: the columns are separated by {shown}, not by commas; export the table "
                             "as CSV with commas between the columns")
    named = []
    for column in unknown:
        close = suggest(column, known)
        named.append(f"`{column}`" + (f" ({close})" if close else ""))
    raise InputError(f"{where}: {'a column' if len(unknown) == 1 else 'columns'} no policy reads: "
                     f"{', '.join(named)}; the columns are {', '.join(known)} — rename or remove "
                     f"{'it' if len(unknown) == 1 else 'them'}")


def absent_inputs(where: str, given: Collection[str], fields: dict[str, InputField], each: str) -> list[str]:
    """Notes for the inputs no column of `where` gives, each taking its default in every record; stops when
    one has no default (`each`: "household" or "member", for the words)."""
    notes = []
    for name, f in fields.items():
        if name in given:
            continue
        if f.has_default and f.default is not None:
            default = "true" if f.default is True else "false" if f.default is False else f.default
            notes.append(f"{where} has no column `{name}`: every {each} takes its default ({default})")
        elif f.has_default or f.nullable:
            notes.append(f"{where} has no column `{name}`: every {each} has none (null)")
        else:
            raise InputError(f"{where}: no column `{name}`, which every {each} needs; add it")
    return notes
