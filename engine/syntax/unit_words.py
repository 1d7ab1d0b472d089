"""A word written as the unit of a number that is no unit of the rule language → what is wrong and what to write.

Input: the number and the word after it (`510`, `dollars`), the words taken for units with the unit each means, and
how a figure is written where it stands (`510 yuan` in a rule, `value: 510 yuan` for a parameter's list). Output:
that the word is no unit, with the units the rule language has, and the fix: yuan for a currency, the unit it is a
slip of (`yaun/month`), else the number and the unit meant. Invariants: English and Chinese (`Said`); the word is
quoted as written. Whether the word is rather a name the policy declares (`1.3 dibao_standard`) is the caller's to
know: only a word that names nothing comes here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from engine.diagnostics import Said
from engine.spelling import a_slip, closest_of

# the units of the rule language, as a finding lists them
UNITS = Said("its units: `yuan`, `yuan/month`, `yuan/year`, `months`, `years`, `%`",
             "可用的单位：`yuan`、`yuan/month`、`yuan/year`、`months`、`years`、`%`")
# the unit words of the grammar's UNIT, as a regular expression that tries the longest first
UNIT_WORDS = "yuan/month|yuan/year|yuan|months|month|years|year"
# a currency written where the rule language writes yuan
CURRENCIES = frozenset({"dollar", "dollars", "usd", "rmb", "cny", "renminbi", "kuai", "美元", "人民币", "块", "块钱",
                        "元钱"})
# a word written where a unit belongs: letters, with a `/` or a space between them
UNIT_LIKE = re.compile(r"[^\W\d_]+(?:[ /][^\W\d_]+)*")


def no_unit(number: str, word: str, units: Mapping[str, str],
            written: Callable[[str], str]) -> tuple[Said, Said]:
    """`510 dollars`: that `word` is no unit of the rule language, with its units; and how to write the figure,
    each figure as `written` puts it where it stands: in yuan for a currency, in the unit of `units` (a word taken
    for a unit → the unit it means) that `word` is a slip of, else with the unit meant."""
    what = Said(f"`{word}` is not a unit of the rule language ({UNITS.en})",
                f"`{word}` 不是规则语言的单位（{UNITS.zh}）")
    if word.lower() in CURRENCIES:
        yuan, monthly = written(f"{number} yuan"), written(f"{number} yuan/month")
        return what, Said(f"amounts are in yuan, write {yuan}, or {monthly} for an amount per month",
                          f"金额的单位是元，请写 {yuan}，按月的金额写 {monthly}")
    spelled = {w: w for w in units if w.isascii() and w[0].isalpha()}
    meant = closest_of(word.lower(), spelled, lambda w: a_slip(word.lower(), w))
    if meant is not None:
        unit = units[meant]
        figure = written(f"{number}{unit}" if unit == "%" else f"{number} {unit}")
        return what, Said(f"did you mean `{meant}`? write {figure}", f"是否应为 `{meant}`？请写 {figure}")
    return what, Said(f"write {written(number)} and the unit meant", f"请写 {written(number)} 和要用的单位")
