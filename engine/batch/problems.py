"""The bad records of a run, counted by problem: what to fix in an export, at a glance.

Input: the bad records of a chunk, each as the errors file holds it (before it is written as a line).
Output: `Problems` — for each problem, the number of bad records that have it and the first of them
as an example (its message in English and, where the errors file has it, in Chinese); several add up
(chunks, Spark batches, a resumed run's journal) and say themselves under the run's summary (in the
language of `--lang`) and in `--summary`'s JSON (in English).
A problem is a diagnostic's code with the JSON path it is at, indices left out: `H002
members[].birth_date` is one problem whichever member of whichever household has it. A record
counts once for each problem it has, however many times it has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_INDEX = re.compile(r"\[\d+\]")


@dataclass
class Problems:
    """problem (`CODE path`) → [records, the first's source, its message, its message in Chinese]; in the order
    first met. (A journal written before the Chinese was kept has three items: the English stands for both.)"""

    found: dict[str, list[Any]] = field(default_factory=dict)

    @classmethod
    def of_entries(cls, entries: Iterable[dict[str, Any]]) -> Problems:
        """The problems of bad records, each given as the errors file has it (`source`, `diagnostics`)."""
        problems = cls()
        for entry in entries:
            seen: set[str] = set()
            for d in entry.get("diagnostics") or []:
                key = " ".join(filter(None, (d.get("code"), _INDEX.sub("[]", d.get("path") or ""))))
                if key in seen:
                    continue
                seen.add(key)
                if key in problems.found:
                    problems.found[key][0] += 1
                else:
                    where = d.get("file") or entry.get("source")
                    if d.get("line") and not str(where).endswith(f":{d['line']}"):  # JSON: the line is apart (CSV
                        where = f"{where}:{d['line']}"  # names the row in `file` too)
                    message = _shown(d.get("message", ""))
                    zh = d.get("zh")
                    chinese = _shown(zh["message"]) if isinstance(zh, dict) and "message" in zh else message
                    problems.found[key] = [1, _shown(where), message, chinese]
        return problems

    def add(self, other: Problems | dict[str, list[Any]]) -> None:
        """Count `other`'s records too; an example met first stays."""
        for key, (count, source, message, *chinese) in (other.found if isinstance(other, Problems)
                                                         else other).items():
            if key in self.found:
                self.found[key][0] += int(count)
            else:
                self.found[key] = [int(count), source, message, chinese[0] if chinese else message]

    def ranked(self) -> list[tuple[str, int, str, str]]:
        """(problem, records, first source, its message), the most frequent first."""
        order = sorted(self.found.items(), key=lambda item: -item[1][0])  # stable: ties keep the order first met
        return [(key, count, source, message) for key, (count, source, message, *_) in order]

    def said(self, shown: int = 5, lang: str = "en") -> list[str]:
        """The lines under a run's summary: the most frequent problems with an example each, in `lang`."""
        ranked = self.ranked()
        width = len(f"{ranked[0][1]:,}") if ranked else 0
        zh = lang == "zh"
        lines = [f"  {count:>{width},}  {key} — 例如 {source}：{self.found[key][-1]}" if zh else
                 f"  {count:>{width},}  {key} — e.g. {source}: {message}"
                 for key, count, source, message in ranked[:shown]]
        if len(ranked) > shown:
            more = len(ranked) - shown
            lines.append(f"  … 另有 {more:,} 个问题" if zh else
                         f"  … and {more:,} more problem{'s' if more != 1 else ''}")
        return lines

    def to_json(self) -> list[dict[str, Any]]:
        out = []
        for key, count, source, message in self.ranked():
            code, _, path = key.partition(" ")
            out.append({"code": code, "path": path or None, "records": count,
                        "first": {"file": source, "message": message}})
        return out


def _shown(text: Any) -> str:
    """Text to show and to write as JSON: a lone surrogate a message quotes (from a JSON escape) as `\\udcff`."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")
