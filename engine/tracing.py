"""Tracers: what evaluation reports as it goes.

Input: events from `engine.evaluator` — entering and leaving a definition or a
category, with the member it concerns and the value it produced. Output: nothing
(`NullTracer`) or a tree of `TraceEvent`s (`RecordingTracer`). Invariant: a tracer
only listens; tracing never changes a result (a property test holds this).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class TraceEvent:
    kind: str  # "definition" or "category"
    name: str
    member: str | None
    value: Any = None
    children: list[TraceEvent] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "name": self.name}
        if self.member is not None:
            out["member"] = self.member
        out["value"] = self.value if isinstance(self.value, bool) else str(self.value)
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
        return out


class Tracer:
    active = False

    def enter(self, kind: str, name: str, member: str | None) -> None:
        pass

    def exit(self, value: Any) -> None:
        pass


class NullTracer(Tracer):
    """Records nothing; evaluation skips the calls entirely when it sees `active` is false."""


class RecordingTracer(Tracer):
    """Builds the tree of what was computed, in the order it was first needed."""

    active = True

    def __init__(self) -> None:
        self.roots: list[TraceEvent] = []
        self._stack: list[TraceEvent] = []

    def enter(self, kind: str, name: str, member: str | None) -> None:
        event = TraceEvent(kind, name, member)
        (self._stack[-1].children if self._stack else self.roots).append(event)
        self._stack.append(event)

    def exit(self, value: Any) -> None:
        self._stack.pop().value = value


NULL_TRACER = NullTracer()
