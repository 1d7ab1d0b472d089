"""What a changed entry of `policy diff` cites, as a reader of one language reads it.

Input: a `Citation` (the citation as each side writes it, `dsz-2024-47 附件1`) and the two
policies, whose `sources` say how to name a document and its articles. Output: the text
(`大政发〔2024〕47号 附件1`, or `old → new` where the citation itself changed) and the JSON
fields, named as the explanation JSON names them: `source` as written, `cited` as read.
Invariants: each side is read by its own policy's `sources`, as `policy eval --explain` reads
it; a citation no source names is shown as written.
"""

from __future__ import annotations

from typing import Any

from engine.diff.changes import Citation, PolicyDiff


class Citations:
    """Citations of one diff in one language (the raw citations when there is no diff to read them by)."""

    def __init__(self, lang: str, policy_diff: PolicyDiff | None = None, none: str = "—"):
        self.lang = lang
        self.none = none  # said for the side of a changed citation that cites nothing
        self.metas = (policy_diff.old.meta, policy_diff.new.meta) if policy_diff is not None else None

    def _said(self, side: int, source: str | None) -> str | None:
        """One side's citation as this language reads it; None where it has none or its source names none."""
        if source is None or self.metas is None:
            return None
        return self.metas[side].cite(source, self.lang)

    def text(self, citation: Citation | None) -> str:
        """`大政发〔2024〕47号 附件1`; `old → new` where the citation changed; `` for none."""
        if citation is None:
            return ""
        if citation.changed:
            old = self._said(0, citation.old) or citation.old or self.none
            new = self._said(1, citation.new) or citation.new or self.none
            return f"{old} → {new}"
        side = 1 if citation.new is not None else 0
        return self._said(side, citation.current) or citation.current or ""

    def json(self, citation: Citation | None) -> dict[str, Any]:
        """`source` (the new side's, else the old side's) and `cited`; `old_source` and `old_cited` where the
        citation changed. `cited` is left out where the policy does not say how to read the citation."""
        if citation is None:
            return {}
        side = 1 if citation.changed or citation.new is not None else 0
        out: dict[str, Any] = {"source": citation.new if citation.changed else citation.current}
        said = self._said(side, out["source"])
        if said is not None:
            out["cited"] = said
        if citation.changed:
            out["old_source"] = citation.old
            old_said = self._said(0, citation.old)
            if old_said is not None:
                out["old_cited"] = old_said
        return out


def joined(*parts: str) -> str:
    """A place and a citation side by side, as explanations show them: `x.yaml:48 · 大政发〔2024〕47号 附件1`."""
    return " · ".join(p for p in parts if p)

