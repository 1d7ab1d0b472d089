"""`--rename-value` in a household's JSON data: values an export writes in its own words, read as the values.

Input: a household as data (read from JSON, or from a Parquet row), the policy it is validated against, and the
words of the run's `--rename-value` pairs (`engine.batch.renamed.Renames.words`: (table, column, ((word, value),
…)) for each column, named as the CSV tables name them). Output: the same data, each word in a field those pairs
rename replaced by the value it stands for, in place (`read_as_values`).
Invariants: a field is renamed only where its value, spaces around it aside, is one of the words of its column
(`"户主"` in `members[].relation`; a whole number too, `1` for `--rename-value sex:1=male`); any other value is left
as it is, for the validator to word. A yes or no becomes JSON's `true` or `false`, as the policy reads it. A column
of households.csv is a household field (`assets.deposits`: the field `deposits` of `assets`), one of members.csv a
field of each member, lines.csv's `type` the type of each income and expense line. CSV tables are read with their
words by their own reader (`engine.batch.csv_layout`), never here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from engine.model import Policy, per_policy

Words = tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
# where a word is renamed: the keys down to its field, and each word with the value it stands for
_Renamed = tuple[tuple[tuple[str, ...], Mapping[str, Any]], ...]


def read_as_values(data: Any, policy: Policy, words: Words) -> None:
    """Replace, in a household's data, each word of `words` by the value it stands for (see the module's note)."""
    if not isinstance(data, dict):
        return
    household, member, types = _plan(policy, words)
    _rename(data, household)
    members = data.get("members")
    if member and isinstance(members, list):
        for one in members:
            if isinstance(one, dict):
                _rename(one, member)
    if types:
        for section in ("income", "expenses"):
            lines = data.get(section)
            if isinstance(lines, list):
                for line in lines:
                    if isinstance(line, dict):
                        _rename(line, types)


def _rename(data: dict[str, Any], renamed: _Renamed) -> None:
    for keys, values in renamed:
        holder: Any = data
        for key in keys[:-1]:
            holder = holder.get(key)
            if not isinstance(holder, dict):
                break
        else:
            value = holder.get(keys[-1])
            if isinstance(value, str):
                word = value.strip()
            elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                word = str(value)
            else:
                continue
            if word in values:
                holder[keys[-1]] = values[word]


def _plan(policy: Policy, words: Words) -> tuple[_Renamed, _Renamed, _Renamed]:
    plans = _plans(policy)
    plan = plans.get(words)
    if plan is None:
        plan = plans[words] = _planned(policy, words)
    return plan


@per_policy
def _plans(policy: Policy) -> dict[Words, tuple[_Renamed, _Renamed, _Renamed]]:
    """The plans made for a policy, by the words they read (one run has one set of words)."""
    return {}


def _planned(policy: Policy, words: Words) -> tuple[_Renamed, _Renamed, _Renamed]:
    """Where `words` rename values for `policy`: household fields, member fields, and the lines' types."""
    booleans = {(("households.csv" if f.level == "household" else "members.csv"), f.name)
                for f in policy.inputs.values() if f.type == "boolean"}
    out: dict[str, list[tuple[tuple[str, ...], Mapping[str, Any]]]] = {table: [] for table in _TABLES}
    for table, column, pairs in words:
        if (table, column) == ("lines.csv", "kind"):  # (in JSON, a line's kind is the list it is in)
            continue
        values: dict[str, Any] = {word: _value(value, (table, column) in booleans) for word, value in pairs}
        out[table].append((tuple(column.split(".")), values))
    return tuple(out["households.csv"]), tuple(out["members.csv"]), tuple(out["lines.csv"])


def _value(value: str, boolean: bool) -> Any:
    return value == "true" if boolean else value


_TABLES = ("households.csv", "members.csv", "lines.csv")  # (as `engine.batch.renamed.TABLES`, not imported here)
